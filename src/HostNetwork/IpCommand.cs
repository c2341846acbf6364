namespace EsCni.HostNetwork;

/// <summary>Runs an `ip` change whose "already so" answer counts as success, which is what makes every step idempotent.</summary>
internal static class IpCommand
{
    /// <summary>What the kernel says when the rule or route being added already exists.</summary>
    public const string AlreadyExists = "File exists";

    /// <summary>What the kernel says (ESRCH) when the route or rule being deleted is not there.</summary>
    public const string NoSuchProcess = "No such process";

    /// <summary>What the kernel says (ENOENT) when the rule being deleted is not there.</summary>
    public const string NoSuchFile = "No such file or directory";

    /// <summary>What `ip addr del` says (EADDRNOTAVAIL) when the address is already gone.</summary>
    public const string CannotAssign = "Cannot assign requested address";

    /// <summary>Runs `ip ARGS`; a failure whose stderr contains one of <paramref name="tolerated"/> is success, anything else throws.</summary>
    /// <returns>True when the command changed something, false when the tolerated answer said it was already so.</returns>
    public static async Task<bool> RunAsync(
        HostCommandRunner runner, IReadOnlyList<string> arguments, CancellationToken cancellationToken, params string[] tolerated)
    {
        HostCommandResult result = await runner.RunAsync("ip", arguments, cancellationToken: cancellationToken);
        if (result.ExitCode == 0)
        {
            return true;
        }
        foreach (string answer in tolerated)
        {
            if (result.Stderr.Contains(answer, StringComparison.Ordinal))
            {
                return false;
            }
        }
        string commandLine = "ip " + string.Join(' ', arguments);
        throw new HostCommandFailedException(
            commandLine, result.ExitCode, result.Stderr,
            $"`{commandLine}` failed with exit code {result.ExitCode}: {result.Stderr.Trim()}; " +
            "the daemon needs CAP_NET_ADMIN in the host network namespace");
    }
}
