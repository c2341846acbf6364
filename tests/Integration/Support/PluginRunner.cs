using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EsCni.Integration.Support;

/// <summary>Runs CNI plugins the way container runtimes do: env vars + the network config on stdin, result on stdout.</summary>
internal sealed class PluginRunner
{
    private readonly NodeStack _stack;
    private readonly string? _binDirectory;

    /// <summary>Runs the published plugin and Debian's, or (<paramref name="binDirectory"/>) every plugin from that one CNI bin directory, as a node's runtime does.</summary>
    public PluginRunner(NodeStack stack, string? binDirectory = null)
    {
        _stack = stack;
        _binDirectory = binDirectory;
    }

    /// <summary>Plugin directories: ours first, then Debian's containernetworking-plugins.</summary>
    public static string CniPath => $"{Path.GetDirectoryName(RepoPaths.Plugin)}:/usr/lib/cni";

    /// <summary>The conflist entry of our plugin for this node's socket.</summary>
    public JsonObject EscniConfig(string logFile) => new()
    {
        ["type"] = "escni",
        ["ipamdSocket"] = _stack.SocketPath,
        ["spoolDir"] = _stack.SpoolDirectory,
        ["mtu"] = 9001,
        ["logFile"] = logFile,
        ["logLevel"] = "debug",
    };

    /// <summary>Execs one plugin binary inside the node namespace; returns exit code, stdout, stderr.</summary>
    public async Task<PluginResult> ExecAsync(string type, string command, JsonObject config, string containerId, string netns, string ifName = "eth0", string podName = "pod", string podNamespace = "default")
    {
        string binary = _binDirectory is not null ? Path.Combine(_binDirectory, type) : type == "escni" ? RepoPaths.Plugin : Path.Combine("/usr/lib/cni", type);
        var start = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "netns", "exec", _stack.Node.Name, binary })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = containerId;
        start.Environment["CNI_NETNS"] = netns;
        start.Environment["CNI_IFNAME"] = ifName;
        start.Environment["CNI_PATH"] = _binDirectory ?? CniPath;
        start.Environment["CNI_ARGS"] = $"IgnoreUnknown=1;K8S_POD_NAMESPACE={podNamespace};K8S_POD_NAME={podName};K8S_POD_INFRA_CONTAINER_ID={containerId}";
        using Process process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(config.ToJsonString());
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new PluginResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a conflist's plugins in order for ADD (prevResult chained), or in reverse for DEL, like libcni.</summary>
    public async Task<PluginResult> ExecListAsync(string command, JsonObject conflist, string containerId, string netns, JsonNode? prevResult = null, string podName = "pod")
    {
        JsonArray plugins = conflist["plugins"]!.AsArray();
        IEnumerable<JsonNode?> order = command == "DEL" ? plugins.Reverse() : plugins;
        PluginResult last = new(0, prevResult?.ToJsonString() ?? string.Empty, string.Empty);
        JsonNode? previous = prevResult;
        foreach (JsonNode? plugin in order)
        {
            JsonObject config = plugin!.DeepClone().AsObject();
            config["cniVersion"] = conflist["cniVersion"]!.DeepClone();
            config["name"] = conflist["name"]!.DeepClone();
            if (previous is not null && command != "VERSION")
            {
                config["prevResult"] = previous.DeepClone();
            }

            last = await ExecAsync(config["type"]!.GetValue<string>(), command, config, containerId, netns, podName: podName);
            if (last.ExitCode != 0)
            {
                return last;
            }

            if (command == "ADD")
            {
                previous = JsonNode.Parse(last.Stdout);
            }
        }

        return last;
    }
}

/// <summary>What one plugin exec produced.</summary>
internal sealed record PluginResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonDocument Json() => JsonDocument.Parse(Stdout);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
