using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ipamd.Cli;

namespace EsCni.Ipamd.Tests.Cli;

/// <summary>Runs <c>escni-ipamd</c> verbs in process, the way Program.cs does, with stdout and stderr captured.</summary>
public static class ReplayCli
{
    /// <summary>Parses and invokes <paramref name="args"/>; System.CommandLine's own output goes to the same writers.</summary>
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, with the token Ctrl-C would cancel.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();
        int exit = await IpamdCommandLine.Create(stdout, stderr).Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
