using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Domain.Codec;
using EsCni.Journal;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>A journal a newer release wrote (a type this CLI does not know, a newer VERSION): every verb says so and answers from what it can read.</summary>
public sealed class NewerJournalTests
{
    private static async Task<ScenarioJournal> NewerAsync()
    {
        ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        await using (Journal.Journal journal = await Journal.Journal.OpenAsync(scenario.Directory, new JournalOptions(), CancellationToken.None))
        {
            long micros = (ScenarioJournal.At(400).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            await journal.AppendAsync([new JournalEntry(Guid.NewGuid(), 999, micros, new byte[] { 1, 0x0A, 0 })], CancellationToken.None);
        }

        File.WriteAllText(Path.Combine(scenario.Directory, "VERSION"), "release=0.3.0\nevent-schema=3\nsnapshot-format=2\n");
        return scenario;
    }

    [Fact]
    public async Task Dump_EventOfNewerType_NamesTypeVersionLsnAndBothReleases()
    {
        await using ScenarioJournal scenario = await NewerAsync();

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "dump", "--journal", scenario.Directory);

        Assert.Equal(0, exit);
        Assert.Contains($"# LSN 26: type 999 does not decode: event type 999 v1 is newer than this escni-ipamd ({EventCodec.Release}) knows; upgrade", stdout, StringComparison.Ordinal);
        Assert.Contains("warning: the journal in", stderr, StringComparison.Ordinal);
        Assert.Contains("written by escni-ipamd 0.3.0 (event schema 3", stderr, StringComparison.Ordinal);
        Assert.Contains($"newer than this escni-ipamd {EventCodec.Release}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EventOfNewerType_IsAFindingNamingIt()
    {
        await using ScenarioJournal scenario = await NewerAsync();

        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.Equal(1, exit);
        Assert.Contains("LSN 26: Undecodable: type 999: event type 999 v1 is newer than this escni-ipamd", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoHad_JournalOfNewerRelease_WarnsAndAnswersFromWhatItReads()
    {
        await using ScenarioJournal scenario = await NewerAsync();

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.10", "--journal", scenario.Directory);

        Assert.True(exit == 0, stderr);
        Assert.Contains("web-1", stdout, StringComparison.Ordinal);
        Assert.Contains("escni-ipamd 0.3.0", stderr, StringComparison.Ordinal);
    }
}
