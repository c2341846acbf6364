using System.Globalization;
using System.Text.Json;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Journal;
using NodeJournal = EsCni.Journal.Journal;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Golden;

/// <summary>
/// A node upgraded in place opens the journal its older release wrote: the daemon's own start path (journal open with
/// torn-tail repair, newest snapshot, tail replay) must rebuild every allocation, cooldown and open intent that
/// release recorded — here, what its `replay state --lsn LAST --json` printed (expected/state-end.out) and what its
/// running daemon listed on /v1/pods before the last crash (live/pods.json).
/// </summary>
public sealed class GoldenRecoveryTests
{
    public static TheoryData<string> Journals()
    {
        TheoryData<string> data = [];
        foreach (GoldenJournal golden in GoldenJournal.All())
        {
            data.Add(golden.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Recover_GoldenJournalCopy_KeepsEveryAllocationCooldownAndOpenIntent(string golden)
    {
        GoldenJournal journal = GoldenJournal.Get(golden);
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(journal.PathOf("expected/state-end.out")));
        JsonElement state = expected.RootElement;
        string copy = journal.CopyJournal();
        try
        {
            await using NodeJournal opened = await NodeJournal.OpenAsync(copy, new JournalOptions { SegmentBytes = 2L << 20 }, CancellationToken.None);
            RecoveredPool recovered = PoolRecovery.Recover(opened, CancellationToken.None);
            NodePool pool = recovered.Pool;
            DateTimeOffset at = Time(state.GetProperty("at"));

            Assert.True(opened.Recovery.TornBytesCut > 0, "the golden journal ends in a torn tail, which the daemon cuts on open");
            Assert.True(recovered.SnapshotLsn > 0, "recovery starts from the journal's snapshot");
            Assert.Equal(state.GetProperty("lsn").GetInt64(), pool.LastLsn);
            Assert.Equal(
                Ips(state, "allocated", "quarantined").Select(ip => $"{ip.GetProperty("ip").GetString()} {ip.GetProperty("containerId").GetString()}/{ip.GetProperty("ifName").GetString()} {ip.GetProperty("pod").GetString()} {ip.GetProperty("state").GetString()}"),
                pool.GetAllocations().Select(a => $"{a.Ip} {a.Key.ContainerId}/{a.Key.IfName} {a.Pod} {(a.IsQuarantined ? "quarantined" : "allocated")}"));
            Assert.Equal(
                Ips(state, "cooling").Select(ip => $"{ip.GetProperty("ip").GetString()} until {ip.GetProperty("coolingUntil").GetString()}"),
                pool.GetCoolingIps(at).OrderBy(c => c.Ip).Select(c => $"{c.Ip} until {Rfc3339(c.Until)}"));
            Assert.Equal(
                state.GetProperty("pendingEniCreates").EnumerateArray().Select(p => $"{p.GetProperty("clientToken").GetString()} {p.GetProperty("subnetId").GetString()} {p.GetProperty("requestedAt").GetString()}"),
                pool.GetPendingEniCreates().Select(p => $"{p.ClientToken} {p.SubnetId} {Rfc3339(p.RequestedAt)}"));
            Assert.Equal(
                state.GetProperty("enis").EnumerateArray().Select(e => $"{e.GetProperty("eniId").GetString()} {e.GetProperty("status").GetString()} pending {e.GetProperty("pendingIpRequest").GetRawText()}"),
                pool.GetEnis().Select(e => $"{e.EniId} {e.Status.ToString().ToLowerInvariant()} pending {(e.PendingIpRequest is { } n ? n.ToString(CultureInfo.InvariantCulture) : "null")}"));
            // 0.2 added prefix delegation: the /28s (rebuilt from the snapshot IPs' prefix and the tail's PoolPrefixes*
            // events) and an open prefix request.
            if (state.TryGetProperty("prefixes", out JsonElement prefixes))
            {
                Assert.Equal(
                    prefixes.EnumerateArray().Select(p => $"{p.GetProperty("prefix").GetString()} {p.GetProperty("eniId").GetString()}"),
                    pool.GetPrefixes().Select(p => $"{p.Key} {p.Value}"));
                Assert.Equal(
                    state.GetProperty("enis").EnumerateArray().Select(e => $"{e.GetProperty("eniId").GetString()} pending prefixes {e.GetProperty("pendingPrefixRequest").GetRawText()}"),
                    pool.GetEnis().Select(e => $"{e.EniId} pending prefixes {(e.PendingPrefixRequest is { } n ? n.ToString(CultureInfo.InvariantCulture) : "null")}"));
            }

            if (state.TryGetProperty("ipv6", out JsonElement v6))
            {
                Assert.Equal(
                    v6.GetProperty("allocations").EnumerateArray().Select(a => $"{a.GetProperty("address").GetString()} {a.GetProperty("containerId").GetString()}/{a.GetProperty("ifName").GetString()} {a.GetProperty("pod").GetString()} lsn {a.GetProperty("allocatedLsn").GetInt64()}"),
                    pool.GetIpv6Allocations().Select(a => $"{a.Address} {a.Key.ContainerId}/{a.Key.IfName} {a.Pod} lsn {a.AllocatedLsn}"));
                Assert.Equal(
                    v6.GetProperty("prefixes").EnumerateArray().Select(p => $"{p.GetProperty("prefix").GetString()} {p.GetProperty("eniId").GetString()}"),
                    pool.Ipv6Prefixes.Select(p => $"{p.Prefix} {p.EniId}"));
                Assert.Equal(v6.GetProperty("nextOffset").GetUInt64(), pool.NextIpv6Offset);
            }

            // An IPv6 node's /80 never hands an address out twice, so nothing of it cools down; what it must carry
            // over is its allocations and where the next one starts (above).
            Assert.NotEmpty(pool.HoldsIpv6State ? pool.GetIpv6Allocations().Select(a => a.Address.ToString()) : pool.GetCoolingIps(at).Select(c => c.Ip.ToString()));
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Recover_GoldenJournalCopy_EveryPodTheLiveDaemonListedKeepsItsIp(string golden)
    {
        GoldenJournal journal = GoldenJournal.Get(golden);
        using JsonDocument live = JsonDocument.Parse(File.ReadAllText(journal.PathOf("live/pods.json")));
        string copy = journal.CopyJournal();
        try
        {
            await using NodeJournal opened = await NodeJournal.OpenAsync(copy, new JournalOptions { SegmentBytes = 2L << 20 }, CancellationToken.None);
            NodePool pool = PoolRecovery.Recover(opened, CancellationToken.None).Pool;

            Assert.NotEmpty(live.RootElement.EnumerateArray());
            // 0.2 lists an IPv6 pod without "quarantined": an address of the node's /80 is never quarantined.
            Assert.Equal(
                live.RootElement.EnumerateArray().Select(p => $"{p.GetProperty("ip").GetString()} {p.GetProperty("containerId").GetString()} {p.GetProperty("podNamespace").GetString()}/{p.GetProperty("podName").GetString()} quarantined={p.TryGetProperty("quarantined", out JsonElement q) && q.GetBoolean()}").Order(StringComparer.Ordinal),
                pool.GetAllocations().Select(a => $"{a.Ip} {a.Key.ContainerId} {a.Pod} quarantined={a.IsQuarantined}")
                    .Concat(pool.GetIpv6Allocations().Select(a => $"{a.Address} {a.Key.ContainerId} {a.Pod} quarantined=False"))
                    .Order(StringComparer.Ordinal));
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }

    public static TheoryData<string> Releases()
    {
        TheoryData<string> data = [];
        foreach (string release in GoldenJournal.All().Select(g => g.Id[..g.Id.IndexOf('/', StringComparison.Ordinal)]).Distinct())
        {
            data.Add(release);
        }

        return data;
    }

    // Each release's set, not all releases together: a release whose journals hold no open ENI create (say) would
    // leave how it writes one unpinned however many older releases hold one.
    [Theory]
    [MemberData(nameof(Releases))]
    public void GoldenJournals_OfEachRelease_HoldEveryStateAnUpgradeMustCarryOver(string release)
    {
        List<JsonDocument> ends = GoldenJournal.All().Where(g => g.Id.StartsWith(release + "/", StringComparison.Ordinal))
            .Select(g => JsonDocument.Parse(File.ReadAllText(g.PathOf("expected/state-end.out")))).ToList();
        try
        {
            List<JsonElement> states = ends.Select(d => d.RootElement).ToList();

            Assert.Contains(states, s => Ips(s, "quarantined").Any());
            Assert.Contains(states, s => Ips(s, "cooling").Any());
            Assert.Contains(states, s => s.GetProperty("enis").EnumerateArray().Any(e => e.GetProperty("pendingIpRequest").ValueKind == JsonValueKind.Number));
            Assert.Contains(states, s => s.GetProperty("pendingEniCreates").GetArrayLength() > 0);
        }
        finally
        {
            ends.ForEach(d => d.Dispose());
        }
    }

    private static IEnumerable<JsonElement> Ips(JsonElement state, params string[] states) =>
        state.GetProperty("ips").EnumerateArray().Where(ip => states.Contains(ip.GetProperty("state").GetString()));

    private static DateTimeOffset Time(JsonElement value) => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    // How 0.1's replay JSON wrote times: UTC, milliseconds truncated.
    private static string Rfc3339(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
