using System.Collections.Generic;
using System.Linq;
using System.Net;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>Host networking settings from the VPC CNI's variables: defaults, parsing, and validation that names every bad variable at once.</summary>
public sealed class HostNetworkOptionsTests
{
    [Fact]
    public void FromEnvironment_Unset_UsesDefaults()
    {
        var options = HostNetworkOptions.FromEnvironment(_ => null);

        Assert.Empty(options.Validate());
        Assert.Equal(9001, options.GetMtu());
        SnatSettings snat = options.ToSnatSettings(IPAddress.Parse("10.0.0.10"), [IPNetwork.Parse("10.0.0.0/16")]);
        Assert.False(snat.ExternalSnat);
        Assert.Empty(snat.ExcludeCidrs);
        Assert.Equal(SnatRandomization.Prng, snat.Randomization);
    }

    [Fact]
    public void FromEnvironment_ValidValues_AreParsed()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_VPC_ENI_MTU"] = "1500",
            ["AWS_VPC_K8S_CNI_EXTERNALSNAT"] = "TRUE",
            ["AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS"] = " 192.168.0.0/16, 100.64.0.0/10 ,",
            ["AWS_VPC_K8S_CNI_RANDOMIZESNAT"] = "hashrandom",
        };
        var options = HostNetworkOptions.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Empty(options.Validate());
        Assert.Equal(1500, options.GetMtu());
        SnatSettings snat = options.ToSnatSettings(IPAddress.Parse("10.0.0.10"), []);
        Assert.True(snat.ExternalSnat);
        Assert.Equal([IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("100.64.0.0/10")], snat.ExcludeCidrs);
        Assert.Equal(SnatRandomization.HashRandom, snat.Randomization);
    }

    [Fact]
    public void Validate_EveryVariableBad_NamesEachVariableAndValue()
    {
        var options = new HostNetworkOptions
        {
            EniMtu = "jumbo",
            ExternalSnat = "yes",
            ExcludeSnatCidrs = "10.0.0.0/8,not-a-cidr",
            RandomizeSnat = "fully",
        };

        IReadOnlyList<string> problems = options.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("AWS_VPC_ENI_MTU='jumbo'", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AWS_VPC_K8S_CNI_EXTERNALSNAT='yes'", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS entry 'not-a-cidr'", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AWS_VPC_K8S_CNI_RANDOMIZESNAT='fully'", System.StringComparison.Ordinal));
        Assert.Throws<HostNetworkException>(() => options.GetMtu());
    }

    [Theory]
    [InlineData("575")]
    [InlineData("9002")]
    [InlineData("-1")]
    public void Validate_MtuOutOfRange_NamesRange(string mtu)
    {
        string problem = Assert.Single(new HostNetworkOptions { EniMtu = mtu }.Validate());

        Assert.Contains("576", problem);
        Assert.Contains("9001", problem);
    }

    [Theory]
    [InlineData("10.0.1.5/16", "host bits")]
    [InlineData("fd00::/8", "IPv4")]
    [InlineData("10.0.0.0/33", "IPv4")]
    public void Validate_BadExcludeCidr_SaysWhy(string cidr, string why)
    {
        string problem = Assert.Single(new HostNetworkOptions { ExcludeSnatCidrs = cidr }.Validate());

        Assert.Contains(why, problem);
        Assert.StartsWith("AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS", problem);
        Assert.True(new[] { cidr }.All(c => problem.Contains(c, System.StringComparison.Ordinal)));
    }
}
