using System.CommandLine;

namespace EsCni.Ipamd.Cli;

/// <summary>The escni-ipamd command tree: <c>run</c> (the daemon, also the default) and the forensic verbs.</summary>
public static class IpamdCommandLine
{
    /// <summary>Builds the root command; handlers write to the given writers so tests run them without a console.</summary>
    public static RootCommand Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("escni-ipamd: the EsCni node IPAM daemon (L-IPAMD) and its forensic tools");
        Command run = RunCommand.Create(stdout, stderr);
        root.Subcommands.Add(run);
        root.Subcommands.Add(Replay.ReplayCommand.Create(stdout, stderr));
        root.Subcommands.Add(Projections.ProjectionsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExportCommand.Create(stdout, stderr));

        // `escni-ipamd` with no verb runs the daemon, as the DaemonSet's container command expects.
        root.SetAction((parseResult, cancellationToken) => RunCommand.RunAsync(stdout, stderr, cancellationToken));
        return root;
    }
}
