using System;
using System.Diagnostics;
using System.Security.Cryptography;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>A throwaway network namespace (`escni-hn-*`) playing the node, with ENI links carrying MACs as the EC2 simulator makes them.</summary>
/// <remarks>
/// Assertions read the namespace with plain `ip`/`iptables` text output, not with the parser under test,
/// so a parser bug cannot hide a setup bug.
/// </remarks>
internal sealed class TestNetworkNamespace : IDisposable
{
    private TestNetworkNamespace(string name)
    {
        Name = name;
        Runner = new HostCommandRunner(name);
    }

    public string Name { get; }

    public HostCommandRunner Runner { get; }

    public static TestNetworkNamespace Create()
    {
        string name = "escni-hn-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Exec("ip", "netns", "add", name);
        var ns = new TestNetworkNamespace(name);
        ns.Ip("link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Adds a down link named <paramref name="name"/> with <paramref name="mac"/>: a dummy like the simulator's, or a veth whose peer is up where the kernel has no dummy driver.</summary>
    public void AddEniLink(string name, string mac)
    {
        (int code, _, string stderr) = Run("ip", "netns", "exec", Name, "ip", "link", "add", name, "address", mac, "type", "dummy");
        if (code == 0)
        {
            return;
        }
        if (!stderr.Contains("Unknown device type", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"ip link add {name} type dummy failed: {stderr}");
        }
        Ip("link", "add", name, "address", mac, "type", "veth", "peer", "name", name + "p");
        Ip("link", "set", name + "p", "up");
    }

    /// <summary>Runs `ip ARGS` in the namespace and returns stdout; failure throws.</summary>
    public string Ip(params string[] args) => Exec(["ip", "netns", "exec", Name, "ip", .. args]);

    /// <summary>Runs `iptables ARGS` in the namespace and returns stdout; failure throws.</summary>
    public string Iptables(params string[] args) => Exec(["ip", "netns", "exec", Name, "iptables", .. args]);

    /// <summary>Runs any command inside the namespace and returns its exit code; output is discarded.</summary>
    public int Try(params string[] command) => Run(["ip", "netns", "exec", Name, .. command]).Code;

    public void Dispose() => Run("ip", "netns", "del", Name);

    private static string Exec(params string[] command)
    {
        (int code, string stdout, string stderr) = Run(command);
        return code == 0 ? stdout : throw new InvalidOperationException($"`{string.Join(' ', command)}` failed ({code}): {stderr}");
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in command[1..])
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEndAsync().Result;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr);
    }
}
