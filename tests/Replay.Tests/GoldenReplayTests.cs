using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>
/// Every replay case of every golden journal, run by the current CLI in process on a copy of the journal, must answer
/// exactly what the release that wrote the journal answered (expected/, recorded by scripts/golden-expected.sh).
/// </summary>
/// <remarks>Only the copy's path is normalised (to $JOURNAL): everything else — times, LSNs, table layout, JSON — is
/// the contract an operator's scripts and a journal copied off an old node rely on. The copy must come out byte for byte
/// as it went in, torn tail included.</remarks>
public sealed class GoldenReplayTests
{
    public static TheoryData<string, string> Cases()
    {
        TheoryData<string, string> data = [];
        foreach (GoldenJournal golden in GoldenJournal.All())
        {
            foreach (GoldenCase c in golden.Cases())
            {
                data.Add(golden.Id, c.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_GoldenJournalCopy_AnswersAsTheReleaseThatWroteIt(string golden, string caseName)
    {
        GoldenJournal journal = GoldenJournal.Get(golden);
        GoldenCase replayCase = journal.Cases().Single(c => c.Name == caseName);
        (int expectedExit, string expectedOut, string expectedErr) = journal.Expected(caseName);
        string copy = journal.CopyJournal();
        try
        {
            string[] args = replayCase.Arguments.Select(a => a.Replace(GoldenJournal.JournalPlaceholder, copy, StringComparison.Ordinal)).ToArray();

            (int exit, string stdout, string stderr) = await ReplayCli.RunAsync(args);

            Assert.Equal(expectedOut, stdout.Replace(copy, GoldenJournal.JournalPlaceholder, StringComparison.Ordinal));
            Assert.Equal(expectedErr, stderr.Replace(copy, GoldenJournal.JournalPlaceholder, StringComparison.Ordinal));
            Assert.Equal(expectedExit, exit);
            Assert.Empty(journal.ChangedFiles(copy)); // replay reads; it never repairs, upcasts or rewrites a journal
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }
}
