using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>Shared by every plugin test: the published binary and one running <see cref="FakeIpamd"/>.</summary>
public sealed class PluginFixture : IAsyncLifetime
{
    public const string NetworkName = "escni-test";

    public FakeIpamd Ipamd { get; private set; } = null!;

    public string Binary { get; private set; } = null!;

    public string LogDirectory { get; } = Directory.CreateTempSubdirectory("escni-pt-log-").FullName;

    /// <summary>Every config's spoolDir: a DEL that cannot reach the daemon spools here, never in the host's /var/lib/escni.</summary>
    public string SpoolDirectory => Path.Combine(LogDirectory, "spool");

    public async Task InitializeAsync()
    {
        Binary = PluginBinary.Path;
        Ipamd = await FakeIpamd.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Ipamd.DisposeAsync();
        Directory.Delete(LogDirectory, recursive: true);
    }

    /// <summary>The plugin's stdin: one conflist entry with name and cniVersion injected, as libcni builds it.</summary>
    public string Config(string version, string? prevResult = null, string? socket = null, string extra = "", string? logFile = null)
    {
        string prev = prevResult is null ? "" : $", \"prevResult\": {prevResult}";
        return $$"""
            {"cniVersion": "{{version}}", "name": "{{NetworkName}}", "type": "escni",
             "ipamdSocket": "{{socket ?? Ipamd.SocketPath}}", "mtu": 9001,
             "logFile": "{{logFile ?? Path.Combine(LogDirectory, "plugin.log")}}", "logLevel": "debug",
             "spoolDir": "{{SpoolDirectory}}"{{prev}}{{extra}}}
            """;
    }

    /// <summary>Execs the plugin in <paramref name="node"/> (its "host" namespace) like a runtime: CNI_* env + stdin.</summary>
    public Shell.Result Run(TestNamespace node, string command, string containerId, string? netns, string ifName, string config, string? cniArgs = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = containerId,
            ["CNI_NETNS"] = netns ?? "",
            ["CNI_IFNAME"] = ifName,
            ["CNI_ARGS"] = cniArgs ?? $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=pod-{containerId};K8S_POD_INFRA_CONTAINER_ID={containerId}",
            ["CNI_PATH"] = "/usr/lib/cni",
        };
        return RunRaw(node, env, config);
    }

    /// <summary>Execs the plugin with exactly <paramref name="env"/> (for missing/garbled variables).</summary>
    public Shell.Result RunRaw(TestNamespace node, IDictionary<string, string?> env, string stdin)
    {
        return Shell.Run("ip", ["netns", "exec", node.Name, Binary], stdin, env);
    }

    /// <summary>A "node" namespace: lo up, carrying the node's address (the kernel may lack the dummy module).</summary>
    public static TestNamespace NewNode()
    {
        var node = new TestNamespace("node");
        try
        {
            Shell.Ip("-n", node.Name, "addr", "add", NodeAddress + "/32", "dev", "lo");
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    public const string NodeAddress = "192.168.250.1";

    public static string NewContainerId() => "c" + Guid.NewGuid().ToString("N")[..15];
}

[CollectionDefinition(Name)]
public sealed class PluginCollection : ICollectionFixture<PluginFixture>
{
    public const string Name = "plugin";
}
