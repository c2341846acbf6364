using System.CommandLine;

namespace EsCni.Replay.Tests;

/// <summary>
/// Runs <c>escni-ipamd replay …</c> in process with stdout and stderr captured: the replay verb under a root command, as
/// escni-ipamd's IpamdCommandLine mounts it, so the arguments are the ones an operator types after the binary's name.
/// </summary>
public static class ReplayCli
{
    /// <summary>Parses and invokes <paramref name="args"/>; System.CommandLine's own output goes to the same writers.</summary>
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, with the token Ctrl-C would cancel.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();
        RootCommand root = new("escni-ipamd (the replay verbs only)") { ReplayCommand.Create(stdout, stderr) };
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
