using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Journal;
using EsCni.Projections.Replay;
using Microsoft.Extensions.Logging.Abstractions;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.Pool;

/// <summary>
/// Downgrade safety for IPv6 (docs/journal-format.md §8.4): before the pool stores its first format-3 snapshot (one
/// holding IPv6 state) the journal's VERSION says snapshot-format=3, so a build from before IPv6 (reads format 2)
/// refuses the journal instead of loading a snapshot without the pods' IPv6 addresses; an IPv4 node stays at 2.
/// </summary>
public sealed class SnapshotFormatMarkerTests : IDisposable
{
    private static readonly JournalVersionMarker.ReaderLimits s_beforeIpv6 = new(JournalVersionMarker.EventSchema, NodePoolSnapshot.FormatVersion);
    private static readonly Ipv6Prefix s_slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");

    private readonly string _directory = Directory.CreateTempSubdirectory("escni-snapfmt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Marker => File.ReadAllText(Path.Combine(_directory, JournalVersionMarker.FileName));

    // As the daemon runs: the marker checked and recorded at start, the pool announcing each new snapshot format.
    private async Task<byte> RunPoolAsync(bool ipv6)
    {
        JournalVersionMarker.CheckAndRecord(_directory);
        await using NodeJournal journal = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None);
        await using (var pool = new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { })
        {
            SnapshotFormatStoring = format => JournalVersionMarker.RaiseSnapshotFormat(_directory, format),
        })
        {
            await PoolScenario.InitAsync(pool, 4);
            Assert.True((await pool.SubmitAsync(PoolScenario.Allocate("c1"), CancellationToken.None)).Accepted);
            if (ipv6)
            {
                Cause cause = Cause.Of(CauseKind.Startup);
                DateTimeOffset at = PoolScenario.Start.AddMinutes(2);
                Assert.True((await pool.SubmitAsync(new RequestIpv6Prefix(at, cause, "eni-1"), CancellationToken.None)).Accepted);
                Assert.True((await pool.SubmitAsync(new RecordIpv6PrefixAdded(at, cause, "eni-1", s_slash80, Ipv6PrefixAdded.FromEc2), CancellationToken.None)).Accepted);
                Assert.True((await pool.SubmitAsync(new AllocateIpv6(at, cause, new IpamKey("escni", "c2", "eth0"), new Pod("default", "c2", "uid-c2"), "/var/run/netns/c2"), CancellationToken.None)).Accepted);
            }
        } // disposing writes the final snapshot

        Assert.True(journal.TryReadNewestSnapshot(journal.LastLsn, out Snapshot? snapshot));
        return snapshot.Blob.Span[4];
    }

    [Fact]
    public async Task Ipv6Pool_MarkerSaysFormat3BeforeItsSnapshot_AndABuildBeforeIpv6RefusesTheJournal()
    {
        byte format = await RunPoolAsync(ipv6: true);

        Assert.Equal(NodePoolSnapshot.Ipv6FormatVersion, format);
        Assert.Contains("snapshot-format=3\n", Marker, StringComparison.Ordinal);
        string? refusal = JournalVersionMarker.DescribeNewer(_directory, s_beforeIpv6);
        Assert.NotNull(refusal);
        Assert.Contains($"(event schema {JournalVersionMarker.EventSchema}, snapshot format 3), newer than this escni-ipamd", refusal, StringComparison.Ordinal);
        Assert.Contains("snapshot format 2) reads", refusal, StringComparison.Ordinal);
        Assert.Null(JournalVersionMarker.DescribeNewer(_directory)); // this build reads format 3
    }

    [Fact]
    public async Task Ipv4Pool_MarkerStaysAtFormat2_SoABuildBeforeIpv6StillOpensIt()
    {
        byte format = await RunPoolAsync(ipv6: false);

        Assert.Equal(NodePoolSnapshot.FormatVersion, format);
        Assert.Contains("snapshot-format=2\n", Marker, StringComparison.Ordinal);
        Assert.Null(JournalVersionMarker.DescribeNewer(_directory, s_beforeIpv6));
    }

    [Fact]
    public void RaiseSnapshotFormat_IsNeverLoweredByALaterStartOrRaise()
    {
        JournalVersionMarker.CheckAndRecord(_directory);
        Assert.Contains("snapshot-format=2\n", Marker, StringComparison.Ordinal);

        JournalVersionMarker.RaiseSnapshotFormat(_directory, NodePoolSnapshot.Ipv6FormatVersion);
        JournalVersionMarker.CheckAndRecord(_directory);
        JournalVersionMarker.RaiseSnapshotFormat(_directory, NodePoolSnapshot.FormatVersion);

        Assert.Contains("snapshot-format=3\n", Marker, StringComparison.Ordinal);
        Assert.Contains($"release={EventCodec.Release}\n", Marker, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAndRecord_ThisBuildReadsFormat3AndKeepsIt_ButRefusesFormat4()
    {
        string path = Path.Combine(_directory, JournalVersionMarker.FileName);
        File.WriteAllText(path, "release=0.2.0\nevent-schema=2\nsnapshot-format=3\n");
        JournalVersionMarker.CheckAndRecord(_directory);
        Assert.Contains("snapshot-format=3\n", Marker, StringComparison.Ordinal);

        File.WriteAllText(path, "release=0.4.0\nevent-schema=2\nsnapshot-format=4\n");
        JournalVersionException error = Assert.Throws<JournalVersionException>(() => JournalVersionMarker.CheckAndRecord(_directory));

        Assert.Contains("(event schema 2, snapshot format 4), newer than this escni-ipamd", error.Message, StringComparison.Ordinal);
        Assert.Contains("snapshot format 3) reads; a downgrade is refused", error.Message, StringComparison.Ordinal);
    }
}
