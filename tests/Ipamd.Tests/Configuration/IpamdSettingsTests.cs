using EsCni.Ipamd.Configuration;

namespace EsCni.Ipamd.Tests.Configuration;

/// <summary>Every bad environment variable is reported at once, each by name.</summary>
public sealed class IpamdSettingsTests
{
    [Fact]
    public void Read_NoVariables_VpcCniDefaults()
    {
        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>()));

        Assert.Equal(1, settings.WarmPool.WarmEniTarget);
        Assert.Null(settings.WarmPool.WarmIpTarget);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.WarmPool.IpCooldown);
        Assert.Equal("/var/lib/escni/journal", settings.Daemon.JournalDirectory);
        Assert.Equal("/run/escni/ipamd.sock", settings.Daemon.SocketPath);
        Assert.Equal("127.0.0.1:61679", settings.Daemon.IntrospectionAddress.ToString());
        Assert.Null(settings.Daemon.NodeName);
        Assert.Equal(61678, settings.Daemon.MetricsAddress.Port);
        Assert.False(settings.UseExternalSnat);
    }

    [Fact]
    public void Read_SeveralBadVariables_AllNamedInOneError()
    {
        var variables = new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "lots",
            ["IP_COOLDOWN_PERIOD"] = "-5",
            ["ESCNI_JOURNAL_DIR"] = "relative/dir",
            ["INTROSPECTION_BIND_ADDRESS"] = "nowhere",
            ["AWS_VPC_ENI_MTU"] = "100",
            ["AWS_EC2_ENDPOINT"] = "not a url",
            ["ENABLE_PREFIX_DELEGATION"] = "maybe",
            ["WARM_PREFIX_TARGET"] = "-1",
        };

        ConfigurationException error = Assert.Throws<ConfigurationException>(() => IpamdSettings.Read(new SettingsReader(variables)));

        foreach (string name in variables.Keys)
        {
            Assert.Contains(error.Problems, p => p.Contains(name, StringComparison.Ordinal));
        }

        Assert.Contains("'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoRuntimeGcVariables_ConservativeDefaults()
    {
        RuntimeGcOptions gc = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>())).RuntimeGc;

        Assert.True(gc.Enabled);
        Assert.Equal("/run/containerd/containerd.sock", gc.CriSocket);
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), 3, 10), (gc.Interval, gc.Grace, gc.Confirmations, gc.MaxReleasesPerPass));
        Assert.Equal(0.5, gc.ToPolicy().MaxAbsentFraction);
    }

    [Fact]
    public void Read_BadRuntimeGcVariables_AllNamedInOneError()
    {
        var variables = new Dictionary<string, string>
        {
            ["ESCNI_CRI_GC"] = "maybe",
            ["ESCNI_CRI_SOCKET"] = "run/containerd.sock",
            ["ESCNI_CRI_GC_INTERVAL_S"] = "0",
            ["ESCNI_CRI_GC_GRACE_S"] = "soon",
            ["ESCNI_CRI_GC_CONFIRMATIONS"] = "1",
            ["ESCNI_CRI_GC_MAX_RELEASES"] = "0",
            ["ESCNI_CRI_GC_MAX_ABSENT_PERCENT"] = "101",
        };

        ConfigurationException error = Assert.Throws<ConfigurationException>(() => IpamdSettings.Read(new SettingsReader(variables)));

        foreach ((string name, string value) in variables)
        {
            Assert.Contains(error.Problems, p => p.StartsWith($"{name}='{value}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Read_NodeNameWithColon_RefusedByName()
    {
        ConfigurationException error = Assert.Throws<ConfigurationException>(() =>
            IpamdSettings.Read(new SettingsReader(new Dictionary<string, string> { ["NODE_NAME"] = "node:7" })));

        Assert.Contains(error.Problems, p => p.StartsWith("NODE_NAME='node:7'", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ValidOverrides_Applied()
    {
        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "5",
            ["MINIMUM_IP_TARGET"] = "10",
            ["MAX_ENI"] = "2",
            ["IP_COOLDOWN_PERIOD"] = "0",
            ["AWS_VPC_K8S_CNI_EXTERNALSNAT"] = "true",
            ["METRICS_BIND_ADDRESS"] = "127.0.0.1:9100",
        }));

        Assert.Equal(5, settings.WarmPool.WarmIpTarget);
        Assert.Equal(10, settings.WarmPool.MinimumIpTarget);
        Assert.Equal(2, settings.WarmPool.MaxEni);
        Assert.Equal(TimeSpan.Zero, settings.WarmPool.IpCooldown);
        Assert.True(settings.UseExternalSnat);
        Assert.Equal(9100, settings.Daemon.MetricsAddress.Port);
    }
}
