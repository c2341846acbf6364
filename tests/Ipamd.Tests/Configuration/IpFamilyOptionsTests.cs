using EsCni.Ipamd.Configuration;

namespace EsCni.Ipamd.Tests.Configuration;

/// <summary>ENABLE_IPv6 / ENABLE_IPv4 as the VPC CNI reads them: one family, IPv6 only with prefix delegation.</summary>
public sealed class IpFamilyOptionsTests
{
    [Fact]
    public void Read_NeitherVariable_Ipv4()
    {
        IpamdSettings settings = Read(new());

        Assert.False(settings.Ipv6);
        Assert.True(settings.IpFamily.Ipv4);
    }

    [Fact]
    public void Read_Ipv6WithPrefixDelegation_Ipv6AndIpv4Off()
    {
        IpamdSettings settings = Read(new() { ["ENABLE_IPv6"] = "true", ["ENABLE_PREFIX_DELEGATION"] = "true" });

        Assert.True(settings.Ipv6);
        Assert.False(settings.IpFamily.Ipv4);
    }

    [Fact]
    public void Read_VpcCniIpv6Manifest_Ipv6()
    {
        IpamdSettings settings = Read(new() { ["ENABLE_IPv6"] = "true", ["ENABLE_IPv4"] = "false", ["ENABLE_PREFIX_DELEGATION"] = "true" });

        Assert.True(settings.Ipv6);
    }

    [Fact]
    public void Read_Ipv6WithoutPrefixDelegation_RefusedNamingBothVariables()
    {
        ConfigurationException error = Assert.Throws<ConfigurationException>(() => Read(new() { ["ENABLE_IPv6"] = "true" }));

        string problem = Assert.Single(error.Problems);
        Assert.Contains("ENABLE_IPv6=true requires ENABLE_PREFIX_DELEGATION=true", problem, StringComparison.Ordinal);
        Assert.Contains("set ENABLE_PREFIX_DELEGATION=true", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BothFamilies_RefusedAsDualStack()
    {
        ConfigurationException error = Assert.Throws<ConfigurationException>(() =>
            Read(new() { ["ENABLE_IPv6"] = "true", ["ENABLE_IPv4"] = "true", ["ENABLE_PREFIX_DELEGATION"] = "true" }));

        Assert.Contains(error.Problems, p => p.Contains("dual stack is not supported", StringComparison.Ordinal) && p.Contains("ENABLE_IPv4=false", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NoFamily_RefusedNamingWhatToSet()
    {
        ConfigurationException error = Assert.Throws<ConfigurationException>(() => Read(new() { ["ENABLE_IPv4"] = "false" }));

        Assert.Contains(error.Problems, p => p.StartsWith("ENABLE_IPv4=false", StringComparison.Ordinal) && p.Contains("set ENABLE_IPv4=true", StringComparison.Ordinal));
    }

    private static IpamdSettings Read(Dictionary<string, string> variables) => IpamdSettings.Read(new SettingsReader(variables));
}
