using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.ClusterStore;
using EsCni.Projections.Ec2;
using EsCni.Projections.Replay;
using JasperFx.Events;
using Marten;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Cluster;

/// <summary>The central projection over real PostgreSQL (ESCNI_TEST_POSTGRES), fed streams the way shippers write them.</summary>
public sealed class ClusterProjectionTests : IClassFixture<ClusterTestDatabase>
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private readonly ClusterTestDatabase _db;

    public ClusterProjectionTests(ClusterTestDatabase db) => _db = db;

    [Fact]
    public async Task AsyncDaemon_TwoNodesChurnAndDetach_BuildsEnisSubnetsOwnershipAndEc2Calls()
    {
        Cause ec2 = new(CauseKind.WarmPool, null, "aws-req-1");
        Cause cni = new(CauseKind.CniRequest, "req");
        var key = new IpamKey("escni", "c1", "eth0");
        Ipv4Address ip1 = Ipv4Address.Parse("10.20.0.11");
        Ipv4Address ip2 = Ipv4Address.Parse("10.20.0.12");
        DomainEvent[] nodeA =
        [
            new EniCreateRequested(Guid.NewGuid(), s_t0, ec2, "tok-1", "subnet-x"),
            new EniCreated(Guid.NewGuid(), s_t0, ec2, "eni-a1", "tok-1", "subnet-x"),
            new EniAttached(Guid.NewGuid(), s_t0, ec2, "eni-a1", 1, "02:00:00:00:00:a1", "subnet-x", "10.20.0.0/20", Ipv4Address.Parse("10.20.0.10"), 2),
            new PoolIpsAdded(Guid.NewGuid(), s_t0, ec2, "eni-a1", new ValueList<Ipv4Address>([ip1, ip2])),
            new IpAllocated(Guid.NewGuid(), s_t0.AddMinutes(1), cni, ip1, "eni-a1", key, new Pod("ns", "web-1", "uid-1"), "/netns/1"),
            new PoolIpsRequested(Guid.NewGuid(), s_t0.AddMinutes(2), ec2, "eni-a1", 2),
            new PoolIpsRequestFailed(Guid.NewGuid(), s_t0.AddMinutes(2), ec2, "eni-a1", "InsufficientFreeAddressesInSubnet", "full"),
            new IpReleased(Guid.NewGuid(), s_t0.AddMinutes(3), cni, ip1, key, ReleaseReason.CniDel),
            new EniDetachRequested(Guid.NewGuid(), s_t0.AddMinutes(4), ec2, "eni-a1"),
            new EniDetached(Guid.NewGuid(), s_t0.AddMinutes(5), ec2, "eni-a1"),
        ];
        DomainEvent[] nodeB =
        [
            new EniAttached(Guid.NewGuid(), s_t0, ec2, "eni-b1", 1, "02:00:00:00:00:b1", "subnet-x", "10.20.0.0/20", Ipv4Address.Parse("10.20.0.20"), 2),
            new PoolIpsAdded(Guid.NewGuid(), s_t0.AddMinutes(6), ec2, "eni-b1", new ValueList<Ipv4Address>([ip1])),
            new IpAllocated(Guid.NewGuid(), s_t0.AddMinutes(7), cni, ip1, "eni-b1", key with { ContainerId = "c2" }, new Pod("ns", "web-2", "uid-2"), "/netns/2"),
        ];
        using DocumentStore central = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Central);
        await ShipAsync(central, "node-a", nodeA);
        await ShipAsync(central, "node-b", nodeB);

        await ProjectAllAsync(central);

        await using IQuerySession query = central.QuerySession();
        ClusterEni a1 = (await query.LoadAsync<ClusterEni>("eni-a1"))!;
        Assert.Equal(("node-a", "detached", 0), (a1.Node, a1.Phase, a1.PoolIps.Count));
        ClusterEni b1 = (await query.LoadAsync<ClusterEni>("eni-b1"))!;
        Assert.Equal(["10.20.0.11"], b1.AllocatedIps);
        SubnetUsage subnet = (await query.LoadAsync<SubnetUsage>("subnet-x"))!;
        Assert.Equal((1, 1, 1), (subnet.Enis, subnet.PoolIps, subnet.AllocatedIps)); // eni-a1 left the subnet's usage when detached
        IReadOnlyList<ClusterOwnershipInterval> history = await ClusterQueries.WhoHadAsync(query, ip1, at: null, CancellationToken.None);
        Assert.Equal([("node-a", "web-1", (DateTimeOffset?)s_t0.AddMinutes(3)), ("node-b", "web-2", null)],
            history.Select(i => (i.Node, i.PodName, i.To)).ToList());
        Assert.Equal(["node-b|escni|c2|eth0"], (await query.LoadAsync<IpCurrentOwners>("10.20.0.11"))!.OpenIntervals.Keys);
        NodeEc2Calls callsA = (await query.LoadAsync<NodeEc2Calls>("node-a"))!;
        Assert.Equal(1, callsA.Succeeded["CreateNetworkInterface"]);
        Assert.Equal(1, callsA.Succeeded["DetachNetworkInterface"]);
        Assert.Equal(1, callsA.Failed["AssignPrivateIpAddresses"]);
        Assert.False(callsA.Succeeded.ContainsKey("AssignPrivateIpAddresses")); // the IPs the ENI came with at attach: no assign call
        (long highWater, long projected) = await ClusterQueries.ProjectionLagAsync(central, CancellationToken.None);
        Assert.Equal(highWater, projected);
        Assert.True(projected >= nodeA.Length + nodeB.Length);
    }

    [Fact]
    public async Task AsyncDaemon_ScenarioJournal_CountsTheSameEc2CallsAsReplayStats()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        var ledger = new Ec2CallLedgerProjection();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        JournalReplay.Run(reader, ReplayRange.All, null, ledger); // what `replay stats` does
        List<JournalRecord> records = [];
        foreach (JournalRecord record in reader.Read(0))
        {
            records.Add(record with { Payload = record.Payload.ToArray() });
        }

        using DocumentStore central = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Central);
        Guid incarnation = Guid.NewGuid();
        await using (IDocumentSession session = central.LightweightSession())
        {
            session.Events.StartStream(ClusterStreams.KeyFor("node-scenario", incarnation),
                records.Select(r => (object)ShippedEventMapping.ToShipped(r, "node-scenario", incarnation)).ToArray());
            await session.SaveChangesAsync();
        }

        await ProjectAllAsync(central);

        await using IQuerySession query = central.QuerySession();
        NodeEc2Calls cluster = (await query.LoadAsync<NodeEc2Calls>("node-scenario"))!;
        var fromLedger = ledger.Ledger.ByApi().Select(t => (t.Api, t.Succeeded, t.Failed)).OrderBy(t => t.Api).ToList();
        var fromCluster = cluster.Succeeded.Keys.Union(cluster.Failed.Keys)
            .Select(api => (api, (int)cluster.Succeeded.GetValueOrDefault(api), (int)cluster.Failed.GetValueOrDefault(api))).OrderBy(t => t.api).ToList();
        Assert.Equal(
        [
            ("AssignPrivateIpAddresses", 1, 1), ("AttachNetworkInterface", 1, 0), ("CreateNetworkInterface", 1, 0),
            ("DeleteNetworkInterface", 1, 0), ("DetachNetworkInterface", 1, 0),
        ], fromLedger);
        Assert.Equal(fromLedger, fromCluster);
    }

    /// <summary>Runs the async daemon until every shipped event is projected.</summary>
    private static async Task ProjectAllAsync(DocumentStore central)
    {
        using var daemon = await central.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(60));
        await daemon.StopAllAsync();
    }

    /// <summary>Writes events as a shipper does: stream per (node, incarnation), journal ids, LSN == version.</summary>
    private static async Task ShipAsync(DocumentStore store, string node, DomainEvent[] events)
    {
        Guid incarnation = Guid.NewGuid();
        await using IDocumentSession session = store.LightweightSession();
        object[] built = new object[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            (ushort type, byte[] payload) = EventCodec.Encode(events[i]);
            var record = new JournalRecord(i + 1, events[i].EventId, type, ShippedEventMapping.ToMicros(events[i].At), payload);
            ShippedEvent shipped = ShippedEventMapping.ToShipped(record, node, incarnation);
            IEvent e = session.Events.BuildEvent(shipped);
            e.Id = shipped.EventId;
            e.Timestamp = shipped.At;
            built[i] = e;
        }

        session.Events.StartStream(ClusterStreams.KeyFor(node, incarnation), built);
        await session.SaveChangesAsync();
    }
}
