using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;

namespace EsCni.Integration.Deploy;

/// <summary>
/// deploy/entrypoint.sh (escni-node in the image) run for real: files copied into real directories, and the conflist
/// written only once a real escni-ipamd (with the EC2 simulator, in a node namespace) reports ready.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class EntrypointScriptTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("escni-deploy-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void InstallPlugin_EmptyCniBin_CopiesPluginAndMissingPortmapExecutable()
    {
        (string bin, Dictionary<string, string> environment) = PluginFixture();

        (int exitCode, string output) = Run(environment, "install-plugin");

        Assert.True(exitCode == 0, output);
        Assert.Equal("plugin-bytes", File.ReadAllText(Path.Combine(bin, "escni")));
        Assert.Equal("portmap-bytes", File.ReadAllText(Path.Combine(bin, "portmap")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(Path.Combine(bin, "escni")));
        Assert.Equal(new[] { "escni", "portmap" }, Directory.GetFiles(bin).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InstallPlugin_NodeHasPortmapAndOldPlugin_ReplacesPluginKeepsPortmap()
    {
        (string bin, Dictionary<string, string> environment) = PluginFixture();
        File.WriteAllText(Path.Combine(bin, "escni"), "old-plugin");
        File.WriteAllText(Path.Combine(bin, "portmap"), "node-portmap");

        (int exitCode, string output) = Run(environment, "install-plugin");

        Assert.True(exitCode == 0, output);
        Assert.Equal("plugin-bytes", File.ReadAllText(Path.Combine(bin, "escni")));
        Assert.Equal("node-portmap", File.ReadAllText(Path.Combine(bin, "portmap")));
    }

    [Fact]
    public void InstallPlugin_CniBinNotMounted_FailsNamingTheDirectory()
    {
        (string bin, Dictionary<string, string> environment) = PluginFixture();
        Directory.Delete(bin);

        (int exitCode, string output) = Run(environment, "install-plugin");

        Assert.Equal(1, exitCode);
        Assert.Contains($"{bin} does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallConflist_DaemonWithConfigMapDefaults_WritesConflistOnlyWhenReady()
    {
        string netDir = Directory.CreateDirectory(Path.Combine(_work.FullName, "net.d")).FullName;
        // The conflist the image ships; the script must change nothing in it but the socket.
        string source = DeployFiles.Conflist;
        File.WriteAllText(Path.Combine(netDir, "05-other.conflist"), "{}");
        string target = Path.Combine(netDir, "10-escni.conflist");

        // The daemon runs with the ConfigMap as the DaemonSet gives it (only the host paths moved into the test's
        // directory), so this also shows that the real daemon accepts every shipped default.
        Dictionary<string, string> configMap = KubernetesManifests.Repository.Config.Data
            .Where(v => v.Key is not ("ESCNI_JOURNAL_DIR" or "ESCNI_SOCKET" or "ESCNI_SPOOL_DIR"))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: configMap);
        var environment = new Dictionary<string, string>
        {
            ["HOST_CNI_NET_DIR"] = netDir,
            ["ESCNI_CONFLIST_SRC"] = source,
            ["ESCNI_SOCKET"] = stack.SocketPath,
            ["INTROSPECTION_BIND_ADDRESS"] = stack.Introspection.BaseAddress!.Authority,
            ["ESCNI_READY_POLL_S"] = "0.2",
        };

        // Before the daemon runs, `ready` says no and install-conflist keeps waiting.
        (int notReady, string notReadyOutput) = RunInNamespace(stack, environment, "ready");
        Assert.True(notReady == 1, notReadyOutput);
        Assert.Contains("not ready", notReadyOutput, StringComparison.Ordinal);
        await using ChildProcess installer = ChildProcess.Start(["ip", "netns", "exec", stack.Node.Name, "sh", DeployFiles.Entrypoint, "install-conflist"], environment);
        await installer.WaitForLineAsync(l => l.Contains("waiting for escni-ipamd", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "install-conflist waiting");
        Assert.False(File.Exists(target), "the conflist was written before escni-ipamd ran");

        await stack.StartDaemonAsync();
        await installer.WaitForLineAsync(l => l.Contains("wrote", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "install-conflist writing the conflist");

        // Written only once the daemon said ready, which it still says.
        JsonElement pool = await stack.GetJsonAsync("/v1/pool");
        Assert.True(pool.GetProperty("ready").GetBoolean(), pool.ToString());
        (int ready, string readyOutput) = RunInNamespace(stack, environment, "ready");
        Assert.True(ready == 0, readyOutput);

        JsonNode expected = JsonNode.Parse(DeployFiles.Read(source))!;
        expected["plugins"]![0]!["ipamdSocket"] = stack.SocketPath;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(File.ReadAllText(target))), File.ReadAllText(target));
        Assert.Equal(new[] { "05-other.conflist", "10-escni.conflist" }, Directory.GetFiles(netDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        await installer.WaitForLineAsync(l => l.Contains("05-other.conflist sorts before", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the warning about a conflist that wins");
    }

    private (string Bin, Dictionary<string, string> Environment) PluginFixture()
    {
        string bin = Directory.CreateDirectory(Path.Combine(_work.FullName, "opt-cni-bin")).FullName;
        string plugins = Directory.CreateDirectory(Path.Combine(_work.FullName, "usr-lib-cni")).FullName;
        string plugin = Path.Combine(_work.FullName, "escni");
        File.WriteAllText(plugin, "plugin-bytes");
        File.WriteAllText(Path.Combine(plugins, "portmap"), "portmap-bytes");
        return (bin, new Dictionary<string, string>
        {
            ["HOST_CNI_BIN_DIR"] = bin,
            ["ESCNI_PLUGIN_SRC"] = plugin,
            ["ESCNI_CNI_PLUGINS_DIR"] = plugins,
        });
    }

    private static (int ExitCode, string Output) RunInNamespace(NodeStack stack, Dictionary<string, string> environment, string verb) =>
        Run(environment, verb, ["ip", "netns", "exec", stack.Node.Name]);

    private static (int ExitCode, string Output) Run(Dictionary<string, string> environment, string verb, string[]? prefix = null)
    {
        string[] command = [.. prefix ?? [], "sh", DeployFiles.Entrypoint, verb];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
