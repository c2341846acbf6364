using System.Diagnostics;

namespace EsCni.HostNetwork;

/// <summary>Runs the host's network tools (`ip`, `iptables`) as child processes, with an argument list, a timeout and stderr kept for errors.</summary>
/// <remarks>
/// The daemon runs inside the node's namespace, so production code uses <see cref="Host"/>. Tests pass a
/// namespace name and every command becomes `ip netns exec NAME tool ...`: that moves the seam into the
/// child process, so no thread of the test runner ever calls setns.
/// </remarks>
public sealed class HostCommandRunner
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(10);
    private readonly TimeSpan _timeout;

    /// <summary>Creates a runner; <paramref name="networkNamespace"/> null means the namespace this process runs in.</summary>
    public HostCommandRunner(string? networkNamespace = null, TimeSpan? timeout = null)
    {
        NetworkNamespace = networkNamespace;
        _timeout = timeout ?? s_defaultTimeout;
    }

    /// <summary>The runner the daemon uses: tools act on the namespace the daemon itself runs in.</summary>
    public static HostCommandRunner Host { get; } = new();

    /// <summary>The named network namespace (as `ip netns` knows it) commands run in, or null for our own.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>Runs <paramref name="tool"/> and returns its exit code and output; throws only when it cannot start or times out.</summary>
    /// <exception cref="HostCommandFailedException">The tool could not be started or ran past the timeout.</exception>
    public async Task<HostCommandResult> RunAsync(
        string tool, IReadOnlyList<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        if (NetworkNamespace is null)
        {
            start.FileName = tool;
        }
        else
        {
            start.FileName = "ip";
            start.ArgumentList.Add("netns");
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(NetworkNamespace);
            start.ArgumentList.Add(tool);
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = Describe(tool, arguments);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new HostCommandFailedException(
                commandLine, exitCode: null, stderr: e.Message,
                $"could not start `{commandLine}`: {e.Message}; install iproute2 and iptables (apt-get install -y iproute2 iptables)");
        }

        // Both pipes are drained concurrently: a tool that fills stderr while we wait on stdout would hang.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new HostCommandFailedException(
                commandLine, exitCode: null, stderr: string.Empty,
                $"`{commandLine}` did not finish within {_timeout.TotalSeconds:0.#} s and was killed; " +
                "check whether another process holds the xtables lock or the netlink socket is stuck");
        }

        return new HostCommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <paramref name="tool"/> and returns its stdout; a non-zero exit becomes an exception carrying stderr.</summary>
    /// <exception cref="HostCommandFailedException">The tool failed, could not start or timed out.</exception>
    public async Task<string> RunCheckedAsync(
        string tool, IReadOnlyList<string> arguments, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        HostCommandResult result = await RunAsync(tool, arguments, standardInput, cancellationToken);
        if (result.ExitCode != 0)
        {
            string commandLine = Describe(tool, arguments);
            throw new HostCommandFailedException(
                commandLine, result.ExitCode, result.Stderr,
                $"`{commandLine}` failed with exit code {result.ExitCode}: {result.Stderr.Trim()}");
        }
        return result.Stdout;
    }

    private string Describe(string tool, IReadOnlyList<string> arguments)
    {
        string prefix = NetworkNamespace is null ? string.Empty : $"ip netns exec {NetworkNamespace} ";
        return prefix + tool + (arguments.Count == 0 ? string.Empty : " " + string.Join(' ', arguments));
    }
}
