using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.ClusterStore;
using EsCni.Testing;
using EsCni.Testing.Legacy;
using Marten;

namespace EsCni.Replay.Tests;

/// <summary>Two nodes ship at once; the central projection answers who-had for an IP that moved between them.</summary>
/// <remarks>
/// A database per test, not per class: both tests churn nodes on subnet-a, and the subnet read model counts every ENI
/// it was shown, so a shared database made the ENI count depend on which test xunit happened to run first.
/// </remarks>
public sealed class ClusterWhoHadTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = SyntheticNodeEvents.Start;
    private readonly ClusterTestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task WhoHad_IpReusedAcrossNodesWhileBothShip_NamesTheNodeOfEachMoment()
    {
        await using ShippingHarness a = await ShippingHarness.CreateAsync();
        await using ShippingHarness b = await ShippingHarness.CreateAsync();
        a.StartShipping(_db.ConnectionString, "node-a");
        b.StartShipping(_db.ConnectionString, "node-b");
        // Churn on both nodes while they ship, then the shared IP's story: node-a holds 10.9.0.5 from t0+10m to
        // t0+20m; EC2 later gives the address to node-b's ENI, whose pod holds it from t0+30m on.
        Task churnA = SyntheticNodeEvents.AppendAsync(a.Journal, SyntheticNodeEvents.Churn("i-a", 2_001, "10.9.1.10"), batch: 50);
        Task churnB = SyntheticNodeEvents.AppendAsync(b.Journal, SyntheticNodeEvents.Churn("i-b", 2_001, "10.9.2.10"), batch: 50);
        await Task.WhenAll(churnA, churnB);
        var shared = Ipv4Address.Parse("10.9.0.5");
        await SyntheticNodeEvents.AppendAsync(a.Journal, Story("i-a", "eni-i-a", shared, "pod-on-a", s_t0.AddMinutes(10), s_t0.AddMinutes(20)));
        await SyntheticNodeEvents.AppendAsync(b.Journal, Story("i-b", "eni-i-b", shared, "pod-on-b", s_t0.AddMinutes(30), released: null));
        await a.WaitShippedAsync();
        await b.WaitShippedAsync();

        using DocumentStore central = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Central);
        await ProjectEverythingAsync(central);

        await using IQuerySession query = central.QuerySession();
        ClusterOwnershipInterval atA = Assert.Single(await ClusterQueries.WhoHadAsync(query, shared, s_t0.AddMinutes(15), CancellationToken.None));
        Assert.Equal(("node-a", "pod-on-a", "eni-i-a"), (atA.Node, atA.PodName, atA.EniId));
        Assert.Empty(await ClusterQueries.WhoHadAsync(query, shared, s_t0.AddMinutes(25), CancellationToken.None));
        ClusterOwnershipInterval atB = Assert.Single(await ClusterQueries.WhoHadAsync(query, shared, s_t0.AddMinutes(35), CancellationToken.None));
        Assert.Equal(("node-b", "pod-on-b"), (atB.Node, atB.PodName));
        Assert.Null(atB.To);
        Assert.Equal(2, (await ClusterQueries.WhoHadAsync(query, shared, at: null, CancellationToken.None)).Count);

        // Through the real command line, as an operator types it.
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "10.9.0.5", "--postgres", _db.ConnectionString, "--at", Rfc3339(s_t0.AddMinutes(35)));
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 owner(s) across nodes", stdout, StringComparison.Ordinal);
        Assert.Contains("node-b", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node-a", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await ReplayCli.RunAsync("replay", "state", "--node", "node-b", "--postgres", _db.ConnectionString, "--at", Rfc3339(s_t0.AddMinutes(40)));
        Assert.True(exit == 0, stderr);
        string stateLine = stdout.Split('\n').Single(l => l.StartsWith("10.9.0.5 ", StringComparison.Ordinal));
        Assert.Contains("allocated", stateLine, StringComparison.Ordinal);
        Assert.Contains("pod-on-b", stateLine, StringComparison.Ordinal);

        // The other cluster read models saw both nodes too.
        ClusterEni eniA = (await query.LoadAsync<ClusterEni>("eni-i-a"))!;
        Assert.Equal(("node-a", "subnet-a", "attached"), (eniA.Node, eniA.SubnetId, eniA.Phase));
        SubnetUsage subnet = (await query.LoadAsync<SubnetUsage>("subnet-a"))!;
        Assert.Equal(2, subnet.Enis);
        Assert.Equal(1, subnet.AllocatedIps); // only pod-on-b still holds an IP
    }

    [Fact]
    public async Task WhoHad_NodesOnDifferentReleases_AnswersAcrossBoth()
    {
        // node-old still runs 0.1 (its journal and shipped rows are in the 0.1 positional layout, schema version 1);
        // node-new runs this release (protobuf, schema version 2). The IP moves from the old node to the new one.
        await using ShippingHarness old = await ShippingHarness.CreateAsync();
        await using ShippingHarness current = await ShippingHarness.CreateAsync();
        old.StartShipping(_db.ConnectionString, "node-old");
        current.StartShipping(_db.ConnectionString, "node-new");
        Func<DomainEvent, (ushort, byte[])> as01 = PositionalWriterV1.Encode;
        await SyntheticNodeEvents.AppendAsync(old.Journal, SyntheticNodeEvents.Churn("i-old", 201, "10.8.1.10"), batch: 50, encode: as01);
        await SyntheticNodeEvents.AppendAsync(current.Journal, SyntheticNodeEvents.Churn("i-new", 201, "10.8.2.10"), batch: 50);
        var shared = Ipv4Address.Parse("10.8.0.5");
        await SyntheticNodeEvents.AppendAsync(old.Journal, Story("i-old", "eni-i-old", shared, "pod-on-old", s_t0.AddMinutes(10), s_t0.AddMinutes(20)), encode: as01);
        await SyntheticNodeEvents.AppendAsync(current.Journal, Story("i-new", "eni-i-new", shared, "pod-on-new", s_t0.AddMinutes(30), released: null));
        await old.WaitShippedAsync();
        await current.WaitShippedAsync();

        using DocumentStore central = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Central);
        await ProjectEverythingAsync(central);

        await using IQuerySession query = central.QuerySession();
        IReadOnlyList<ShippedEvent> rows = await query.Events.QueryRawEventDataOnly<ShippedEvent>().ToListAsync();
        Assert.All(rows.Where(r => r.Node == "node-old"), r => Assert.Equal(1, r.SchemaVersion));
        Assert.All(rows.Where(r => r.Node == "node-new"), r => Assert.Equal(2, r.SchemaVersion));
        Assert.Contains(rows, r => r.Node == "node-old" && r.Type == nameof(IpAllocated) && r.Fields is not null);
        ClusterOwnershipInterval atOld = Assert.Single(await ClusterQueries.WhoHadAsync(query, shared, s_t0.AddMinutes(15), CancellationToken.None));
        Assert.Equal(("node-old", "pod-on-old", "eni-i-old"), (atOld.Node, atOld.PodName, atOld.EniId));
        ClusterOwnershipInterval atNew = Assert.Single(await ClusterQueries.WhoHadAsync(query, shared, s_t0.AddMinutes(35), CancellationToken.None));
        Assert.Equal(("node-new", "pod-on-new"), (atNew.Node, atNew.PodName));

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "10.8.0.5", "--postgres", _db.ConnectionString);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2 owner(s) across nodes", stdout, StringComparison.Ordinal);
        Assert.Contains("pod-on-old", stdout, StringComparison.Ordinal);
        Assert.Contains("pod-on-new", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoHad_Ipv6AddressOfAShippedIpv6Pod_NamesItsNodeAndPod()
    {
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        node.StartShipping(_db.ConnectionString, "node-v6");
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-v6", 101, "10.7.1.10"), batch: 50);
        Ipv6Prefix slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");
        Ipv6Address address = slash80.AddressAt(7);
        Cause cni = new(CauseKind.CniRequest, "req-v6");
        IpamKey key = new("escni", "c-v6", "eth0");
        Pod pod = new("default", "pod-v6", "uid-v6");
        await SyntheticNodeEvents.AppendAsync(node.Journal,
        [
            new Ipv6PrefixAdded(EventIds.From("i-v6", "v6-prefix"), s_t0.AddMinutes(5), Cause.Of(CauseKind.Startup), "eni-i-v6", slash80, Ipv6PrefixAdded.FromImds),
            new Ipv6Allocated(EventIds.From("i-v6", "v6-alloc"), s_t0.AddMinutes(10), cni, address, "eni-i-v6", key, pod, "/var/run/netns/v6"),
            new Ipv6Released(EventIds.From("i-v6", "v6-release"), s_t0.AddMinutes(20), cni, address, "eni-i-v6", key, pod, ReleaseReason.CniDel),
        ]);
        await node.WaitShippedAsync();

        using DocumentStore central = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Central);
        await ProjectEverythingAsync(central);

        await using IQuerySession query = central.QuerySession();
        ClusterOwnershipInterval owner = Assert.Single(await ClusterQueries.WhoHadAsync(query, address, s_t0.AddMinutes(15), CancellationToken.None));
        Assert.Equal(("node-v6", "pod-v6", "2600:1f14:abc:de01:1234::7", "CniDel"), (owner.Node, owner.PodName, owner.Ip, owner.ReleaseReason));
        Assert.Empty(await ClusterQueries.WhoHadAsync(query, address, s_t0.AddMinutes(25), CancellationToken.None));
        ShippedEvent row = (await query.Events.QueryRawEventDataOnly<ShippedEvent>().ToListAsync()).Single(r => r.Type == nameof(Ipv6Allocated));
        Assert.Equal("2600:1f14:abc:de01:1234::7", row.Fields!.Value.GetProperty("Address").GetString());

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "2600:1f14:abc:de01:1234:0:0:7", "--postgres", _db.ConnectionString);
        Assert.True(exit == 0, stderr);
        Assert.Contains("2600:1f14:abc:de01:1234::7 over the whole cluster store: 1 owner(s) across nodes", stdout, StringComparison.Ordinal);
        Assert.Contains("released (CniDel)", stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs the central projections until they have folded every shipped event.</summary>
    private static async Task ProjectEverythingAsync(DocumentStore central)
    {
        using var daemon = await central.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(60));
        await daemon.StopAllAsync();
    }

    private static string Rfc3339(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pool gains the IP, a pod takes it, and (optionally) gives it back.</summary>
    private static IEnumerable<DomainEvent> Story(string node, string eni, Ipv4Address ip, string pod, DateTimeOffset allocated, DateTimeOffset? released)
    {
        Cause cni = new(CauseKind.CniRequest, "req-" + pod);
        var key = new IpamKey("escni", "c-" + pod, "eth0");
        yield return new PoolIpsAdded(EventIds.From(node, "story-pool"), allocated.AddMinutes(-1), Cause.Of(CauseKind.WarmPool), eni, new ValueList<Ipv4Address>([ip]));
        yield return new IpAllocated(EventIds.From(node, "story-alloc"), allocated, cni, ip, eni, key, new Pod("default", pod, "uid-" + pod), "/var/run/netns/" + pod);
        if (released is { } at)
        {
            yield return new IpReleased(EventIds.From(node, "story-release"), at, cni, ip, key, ReleaseReason.CniDel);
        }
    }
}
