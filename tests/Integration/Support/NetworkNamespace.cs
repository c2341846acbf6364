using System.Diagnostics;

namespace EsCni.Integration.Support;

/// <summary>A named network namespace (ip netns add) with loopback up, deleted on dispose.</summary>
internal sealed class NetworkNamespace : IDisposable
{
    private NetworkNamespace(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public string Path => "/var/run/netns/" + Name;

    public static NetworkNamespace Create(string prefix)
    {
        string name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        Run("ip", "netns", "add", name);
        Run("ip", "-n", name, "link", "set", "lo", "up");
        return new NetworkNamespace(name);
    }

    /// <summary>Runs a command inside this namespace and returns its stdout; throws with stderr on failure.</summary>
    public string Exec(params string[] command) => Run(["ip", "netns", "exec", Name, .. command]);

    /// <summary>Runs a command inside this namespace; returns its stdout, or empty when it failed (e.g. a table that does not exist yet).</summary>
    public string TryExec(params string[] command) => TryRun(["ip", "netns", "exec", Name, .. command]).Stdout;

    public void Dispose()
    {
        TryRun("ip", "netns", "del", Name);
    }

    public static string Run(params string[] command)
    {
        (int code, string stdout, string stderr) = TryRun(command);
        if (code != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` exited {code}: {stderr.Trim()}");
        }

        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) TryRun(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
