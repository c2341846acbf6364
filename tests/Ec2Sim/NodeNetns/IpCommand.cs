using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace EsCni.Ec2Sim.NodeNetns;

/// <summary>Runs iproute2's `ip` with arguments and reports failures with its stderr.</summary>
internal static class IpCommand
{
    /// <summary>Runs `ip args…`; throws when it exits non-zero.</summary>
    /// <exception cref="InvalidOperationException">ip failed; the message has the command line and stderr.</exception>
    public static async Task RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        await OutputAsync(cancellationToken, args);
    }

    /// <summary>Runs `ip args…` and returns its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Stderr)> TryRunAsync(CancellationToken cancellationToken, params string[] args)
    {
        (int code, _, string stderr) = await ExecuteAsync(cancellationToken, args);
        return (code, stderr);
    }

    /// <summary>Runs `ip args…` and returns its stdout; throws when it exits non-zero.</summary>
    /// <exception cref="InvalidOperationException">ip failed; the message has the command line and stderr.</exception>
    public static async Task<string> OutputAsync(CancellationToken cancellationToken, params string[] args)
    {
        (int code, string stdout, string stderr) = await ExecuteAsync(cancellationToken, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"`ip {string.Join(' ', args)}` failed with exit code {code}: {stderr.Trim()}; the simulator needs root and iproute2 for --node-netns.");
        }
        return stdout;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ExecuteAsync(CancellationToken cancellationToken, string[] args)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start `ip`; install iproute2.");
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        string stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, stdout, await stderr);
    }
}
