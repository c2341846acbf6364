using System;
using System.Diagnostics;
using System.Text.Json;

namespace EsCni.Ec2Sim.Tests.NodeNetns;

/// <summary>Reads links of a namespace with `ip -j` and runs commands, for the node-namespace tests.</summary>
internal static class NodeLinks
{
    public static string UniqueNamespaceName() => "escni-sim-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The link's `ip -j addr show` object, or null when the namespace has no such link.</summary>
    public static JsonElement? Find(string netns, string name)
    {
        (int code, string output) = Run("ip", "-j", "-n", netns, "addr", "show", "dev", name);
        if (code != 0)
        {
            return null;
        }
        using JsonDocument document = JsonDocument.Parse(output);
        return document.RootElement[0].Clone();
    }

    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
