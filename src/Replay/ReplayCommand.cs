using System.CommandLine;

namespace EsCni.Replay;

/// <summary><c>escni-ipamd replay &lt;verb&gt;</c>: forensic questions answered from a journal, read-only, live on a node or on a copy.</summary>
public static class ReplayCommand
{
    /// <summary>Builds <c>replay</c> with its verbs: state, who-had, timeline, diff, verify, dump, stats, what-if.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        Command replay = new("replay", "Answer incident questions from a node's journal (read-only; safe beside a running daemon and on a copied directory)")
        {
            StateCommand.Create(stdout, stderr),
            WhoHadCommand.Create(stdout, stderr),
            TimelineCommand.Create(stdout, stderr),
            DiffCommand.Create(stdout, stderr),
            VerifyCommand.Create(stdout, stderr),
            IndexCommand.Create(stdout, stderr),
            DumpCommand.Create(stdout, stderr),
            StatsCommand.Create(stdout, stderr),
            WhatIfCommand.Create(stdout, stderr),
        };
        return replay.WithHandler(stdout, stderr, (r, o, e) => throw new ReplayUsageException("name a verb: state, who-had, timeline, diff, verify, dump, stats or what-if"));
    }
}
