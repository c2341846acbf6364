namespace EsCni.HostNetwork;

/// <summary>What a host network tool printed and how it exited.</summary>
/// <param name="ExitCode">The process exit code; 0 is success.</param>
/// <param name="Stdout">Everything written to standard output.</param>
/// <param name="Stderr">Everything written to standard error.</param>
public sealed record HostCommandResult(int ExitCode, string Stdout, string Stderr);
