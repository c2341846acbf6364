using EsCni.Domain.Codec;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Configuration;
using EsCni.Ipamd.Hosting;
using EsCni.Ipamd.Pool;
using EsCni.Projections.Replay;

namespace EsCni.Ipamd.Tests.Pool;

public sealed class JournalVersionMarkerTests : IDisposable
{
    private const string NewerMarker = "release=0.3.0\nevent-schema=3\nsnapshot-format=2\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("escni-marker-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void CheckAndRecord_FreshJournal_RecordsThisRelease()
    {
        JournalVersionMarker.CheckAndRecord(_directory);

        string[] lines = File.ReadAllLines(Path.Combine(_directory, JournalVersionMarker.FileName));
        Assert.Contains("release=0.2.0", lines);
        Assert.Contains("event-schema=2", lines);
        Assert.Contains("snapshot-format=2", lines);
        JournalVersionMarker.CheckAndRecord(_directory); // its own marker is accepted
    }

    [Fact]
    public void CheckAndRecord_MarkerOfNewerSchema_RefusesNamingBothReleases()
    {
        File.WriteAllText(Path.Combine(_directory, JournalVersionMarker.FileName), NewerMarker);

        JournalVersionException error = Assert.Throws<JournalVersionException>(() => JournalVersionMarker.CheckAndRecord(_directory));

        Assert.Contains("written by escni-ipamd 0.3.0 (event schema 3, snapshot format 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"newer than this escni-ipamd {EventCodec.Release} (event schema 2, snapshot format {NodePoolSnapshot.NewestFormatVersion})", error.Message, StringComparison.Ordinal);
        Assert.Equal(NewerMarker, File.ReadAllText(Path.Combine(_directory, JournalVersionMarker.FileName)));
    }

    [Fact]
    public void CheckAndRecord_MarkerOfOlderOrPatchRelease_IsAcceptedAndRewritten()
    {
        File.WriteAllText(Path.Combine(_directory, JournalVersionMarker.FileName), "# future comment\nrelease=0.2.7\nevent-schema=2\nsnapshot-format=1\nnew-key=x\n");

        JournalVersionMarker.CheckAndRecord(_directory);

        Assert.Contains($"release={EventCodec.Release}", File.ReadAllLines(Path.Combine(_directory, JournalVersionMarker.FileName)));
    }

    [Fact]
    public async Task RunAsync_JournalOfNewerRelease_RefusesToStartNamingBothVersions()
    {
        File.WriteAllText(Path.Combine(_directory, JournalVersionMarker.FileName), NewerMarker);
        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>
        {
            ["ESCNI_JOURNAL_DIR"] = _directory,
            ["ESCNI_SOCKET"] = Path.Combine(_directory, "ipamd.sock"),
            ["ESCNI_JOURNAL_SEGMENT_MIB"] = "2",
        }));
        StringWriter stderr = new();

        int exit = await DaemonRunner.RunAsync(settings, TextWriter.Null, stderr, CancellationToken.None);

        Assert.Equal(DaemonRunner.ExitJournalCorrupt, exit);
        Assert.Contains("escni-ipamd 0.3.0", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains($"this escni-ipamd {EventCodec.Release}", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "ipamd.sock")));
    }
}
