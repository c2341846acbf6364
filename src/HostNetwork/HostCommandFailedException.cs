namespace EsCni.HostNetwork;

/// <summary>A host network tool (`ip`, `iptables`) failed, could not start, or ran past its timeout.</summary>
public sealed class HostCommandFailedException : HostNetworkException
{
    /// <summary>Creates the exception for <paramref name="commandLine"/>.</summary>
    public HostCommandFailedException(string commandLine, int? exitCode, string stderr, string message)
        : base(message)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    /// <summary>The command as it was run, for logs.</summary>
    public string CommandLine { get; }

    /// <summary>The exit code, or null when the tool did not start or was killed on timeout.</summary>
    public int? ExitCode { get; }

    /// <summary>What the tool wrote to stderr.</summary>
    public string Stderr { get; }
}
