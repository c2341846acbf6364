using System.Text;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Net;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Ipamd.Spool;
using EsCni.Ipamd.Tests.Pool;
using EsCni.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.Spool;

/// <summary>The daemon's side of the DEL spool over a real journal and real files: apply, idempotency, ordering, bad entries.</summary>
#pragma warning disable CA1001 // the pool and spool are disposed in IAsyncLifetime.DisposeAsync, which xunit calls
public sealed class DelSpoolTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly string _directory = Directory.CreateTempSubdirectory("escni-spool-").FullName;
    private NodeJournal _journal = null!;
    private DurableNodePool _pool = null!;
    private DelSpool _spool = null!;

    private string JournalDirectory => Path.Combine(_directory, "journal");

    private string SpoolDirectory => Path.Combine(_directory, "spool");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SpoolDirectory);
        _journal = await NodeJournal.OpenAsync(JournalDirectory, new JournalOptions(), CancellationToken.None);
        _pool = new DurableNodePool(_journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { });
        _spool = new DelSpool(SpoolDirectory, _pool, TimeProvider.System, NullLogger.Instance);
        await PoolScenario.InitAsync(_pool, 8);
    }

    public async Task DisposeAsync()
    {
        _spool.Dispose();
        await _pool.DisposeAsync();
        await _journal.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void SpoolFileName_SameNameAsThePluginGives()
    {
        // The plugin's test pins the same value (tests/Plugin.Tests/Commands/ReleaseSpoolTests.cs): both sides must agree.
        Assert.Equal("del-d43c870e52290ce2bcf973fe95710f18052e1b19.json", SpoolFileName.For(new IpamKey("escni", "abc123", "eth0")));
    }

    [Fact]
    public async Task ApplyAllAsync_EntryForHeldKey_ReleasedAsDeferredDelWithPluginRequestIdThenDeleted()
    {
        Allocation held = await AllocateAsync("c1");
        string entry = WriteEntry("c1", held.Ip.ToString(), "req-plugin-1");

        int consumed = await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.Equal(1, consumed);
        Assert.False(File.Exists(entry));
        Assert.False(Holds("c1"));
        IpReleased released = Assert.Single(JournaledReleases());
        Assert.Equal(ReleaseReason.DeferredDel, released.Reason);
        Assert.Equal("req-plugin-1", released.RequestId);
        Assert.Equal(held.Ip, released.Ip);
    }

    [Fact]
    public async Task ApplyAllAsync_SameEntryTwice_ReleasedOnce()
    {
        Allocation held = await AllocateAsync("c1");
        WriteEntry("c1", held.Ip.ToString(), "req-1");
        await _spool.ApplyAllAsync(CancellationToken.None);

        // A crash before the deletion was durable brings the same entry back.
        string again = WriteEntry("c1", held.Ip.ToString(), "req-1");
        int consumed = await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.Equal(1, consumed);
        Assert.False(File.Exists(again));
        Assert.Single(JournaledReleases());
    }

    [Fact]
    public async Task ApplyForKeyAsync_BeforeAdd_StaleEntryNeverReleasesTheNewerAllocation()
    {
        Allocation old = await AllocateAsync("c1");
        WriteEntry("c1", old.Ip.ToString(), "req-del");

        // The ADD path: the key's entry first, then the allocation.
        await _spool.ApplyForKeyAsync(Key("c1"), CancellationToken.None);
        Allocation newer = await AllocateAsync("c1");
        Assert.NotEqual(old.Ip, newer.Ip); // the released IP is cooling down

        // The same stale entry reappearing (a replayed spool) names the old IP: the newer allocation stays.
        WriteEntry("c1", old.Ip.ToString(), "req-del");
        await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.True(Holds("c1", newer.Ip));
        Assert.Single(JournaledReleases());
    }

    [Fact]
    public async Task ApplyAllAsync_Ipv6PodEntry_ReleasesItsIpv6AllocationAsDeferredDel()
    {
        // An IPv6 pod's DEL spooled by the plugin names its /128 address; an IPv4-only parser moved such entries aside.
        Cause cause = Cause.Of(CauseKind.Reconciler);
        Assert.True((await _pool.SubmitAsync(new RecordIpv6PrefixAdded(PoolScenario.Start, cause, "eni-1", Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80"), Ipv6PrefixAdded.FromImds), CancellationToken.None)).Accepted);
        Decision added = await _pool.SubmitAsync(new AllocateIpv6(PoolScenario.Start.AddMinutes(1), new Cause(CauseKind.CniRequest, "v6"), Key("v6"), new Pod("default", "v6", "uid-v6"), "/var/run/netns/v6"), CancellationToken.None);
        Ipv6Address address = Assert.IsType<Ipv6Allocation>(added.Ipv6Allocation).Address;
        string entry = WriteEntry("v6", address.ToString(), "req-v6");

        await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.False(File.Exists(entry));
        Assert.Empty(Directory.GetFiles(SpoolDirectory, "*.bad"));
        Assert.False(_pool.Read(p => p.TryGetIpv6Allocation(Key("v6"), out _)));
    }

    [Fact]
    public async Task ApplyForKeyAsync_NoEntry_NothingReleased()
    {
        Allocation held = await AllocateAsync("c1");
        WriteEntry("c2", "10.10.1.7", "req-other");

        await _spool.ApplyForKeyAsync(Key("c1"), CancellationToken.None);

        Assert.True(Holds("c1", held.Ip));
        Assert.Empty(JournaledReleases());
        Assert.True(File.Exists(Path.Combine(SpoolDirectory, SpoolFileName.For(Key("c2")))));
    }

    [Fact]
    public async Task ApplyAllAsync_EntryWithoutIp_ReleasesWhateverTheKeyHolds()
    {
        Allocation held = await AllocateAsync("c1");
        WriteEntry("c1", ip: null, "req-no-prev");

        await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.Equal(held.Ip, Assert.Single(JournaledReleases()).Ip);
    }

    [Fact]
    public async Task ApplyAllAsync_CorruptAndMisnamedEntries_MovedAsideWhileGoodEntriesStillApply()
    {
        Allocation held = await AllocateAsync("c1");
        string good = WriteEntry("c1", held.Ip.ToString(), "req-good");
        string corrupt = Path.Combine(SpoolDirectory, "del-0000000000000000000000000000000000000000.json");
        await File.WriteAllTextAsync(corrupt, "{\"version\": 1, \"networkName\": tru");
        string misnamed = Path.Combine(SpoolDirectory, "del-1111111111111111111111111111111111111111.json");
        await File.WriteAllBytesAsync(misnamed, EntryJson("c3", null, "req-misnamed"));
        string temp = Path.Combine(SpoolDirectory, SpoolFileName.For(Key("c4")) + ".123.tmp"); // a plugin mid-write
        await File.WriteAllTextAsync(temp, "{");

        int consumed = await _spool.ApplyAllAsync(CancellationToken.None);

        Assert.Equal(3, consumed);
        Assert.False(File.Exists(good));
        Assert.False(File.Exists(corrupt));
        Assert.False(File.Exists(misnamed));
        Assert.True(File.Exists(temp));
        string[] aside = [.. Directory.EnumerateFiles(SpoolDirectory, "*.bad").Select(Path.GetFileName)!];
        Assert.Equal(2, aside.Length);
        Assert.Contains(aside, a => a.StartsWith(Path.GetFileName(corrupt), StringComparison.Ordinal));
        Assert.Contains(aside, a => a.StartsWith(Path.GetFileName(misnamed), StringComparison.Ordinal));
        Assert.Equal(0, await _spool.ApplyAllAsync(CancellationToken.None)); // moved aside is not an entry any more
        Assert.Equal("req-good", Assert.Single(JournaledReleases()).RequestId);
    }

    [Fact]
    public async Task ApplyAllAsync_MissingDirectory_NothingToDo()
    {
        using var spool = new DelSpool(Path.Combine(_directory, "never-created"), _pool, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(0, await spool.ApplyAllAsync(CancellationToken.None));
    }

    private static IpamKey Key(string containerId) => new("escni", containerId, "eth0");

    private static byte[] EntryJson(string containerId, string? ip, string requestId)
    {
        string ipField = ip is null ? "" : $"\"ip\":\"{ip}\",";
        return Encoding.UTF8.GetBytes(
            $"{{\"version\":1,\"networkName\":\"escni\",\"containerId\":\"{containerId}\",\"ifName\":\"eth0\",{ipField}\"requestId\":\"{requestId}\",\"spooledAt\":\"2026-11-27T12:05:00+00:00\"}}");
    }

    private string WriteEntry(string containerId, string? ip, string requestId)
    {
        string path = Path.Combine(SpoolDirectory, SpoolFileName.For(Key(containerId)));
        File.WriteAllBytes(path, EntryJson(containerId, ip, requestId));
        return path;
    }

    private async Task<Allocation> AllocateAsync(string containerId)
    {
        Decision decision = await _pool.SubmitAsync(PoolScenario.Allocate(containerId, PoolScenario.Start.AddMinutes(1)), CancellationToken.None);
        Assert.True(decision.Accepted, decision.ToString());
        return decision.Allocation!;
    }

    private bool Holds(string containerId, Ipv4Address? ip = null) =>
        _pool.Read(p => p.TryGetAllocation(Key(containerId), out Allocation? a) && (ip is null || a.Ip == ip));

    // Read back from disk: what the spool released is in the journal, not only in memory.
    private List<IpReleased> JournaledReleases()
    {
        var releases = new List<IpReleased>();
        JournalReader reader = JournalReader.Open(JournalDirectory);
        reader.ReadAll(0, record =>
        {
            Assert.True(EventCodec.TryDecode(record.Type, record.Payload.Span, out DomainEvent? e, out string? error), error);
            if (e is IpReleased released)
            {
                releases.Add(released);
            }
        });
        return releases;
    }
}
