using EsCni.ClusterStore;
using EsCni.Projections.History;
using Marten;

namespace EsCni.Replay;

/// <summary>
/// <c>replay state --node NAME --postgres CS [--at T]</c>: one node's pool rebuilt from its newest shipped journal
/// incarnation in the cluster store — for a node whose disk (and journal) is gone.
/// </summary>
public static class ClusterStateCommand
{
    /// <summary>Rebuilds the node's pool at the moment and prints it (table or JSON, the same view as the journal variant). A store it cannot read is the caller's (<see cref="ClusterReplayOptions.DispatchAsync"/>).</summary>
    public static async Task<int> RunAsync(string node, string connectionString, DateTimeOffset? at, bool json, TextWriter stdout, CancellationToken ct)
    {
        IReadOnlyList<NodeStream> streams = await ClusterQueries.StreamsOfNodeAsync(connectionString, node, ct);
        if (streams.Count == 0)
        {
            throw new ReplayUsageException($"the cluster store has no stream for node '{node}'; check the name (NODE_NAME, or the EC2 instance id when NODE_NAME was unset)");
        }

        // The newest incarnation is the node's current journal; older ones belong to replaced disks or instances.
        NodeStream stream = streams[0];
        DateTimeOffset moment = at ?? DateTimeOffset.UtcNow;
        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Reader);
        IReadOnlyList<RecordedEvent> events;
        int skipped;
        await using (IQuerySession query = store.QuerySession())
        {
            (events, skipped) = await ClusterQueries.EventsOfStreamAsync(query, stream.Key, moment, ct);
        }

        NodePool pool = NodePool.Rebuild(events);
        List<string> warnings = [];
        if (skipped > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{skipped} events could not be decoded by this build and were skipped; upgrade escni-ipamd"));
        }

        if (streams.Count > 1)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"node '{node}' has {streams.Count} journal incarnations in the store; showing the newest ({stream.Incarnation:N})"));
        }

        var state = new PoolState(pool, pool.LastLsn, moment, null, events.Count, warnings);
        StateCommand.PoolView view = StateCommand.PoolView.Of(state);
        if (json)
        {
            ReplayJson.Write(stdout, new { node, stream = stream.Key, view });
            return ReplayExitCodes.Ok;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {node}, stream {stream.Key}: pool at {ReplayFormat.Time(view.At)} (LSN {view.Lsn}; {view.EventsReplayed} shipped events)"));
        PoolCounts c = view.Counts;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Enis} ENIs, {c.TotalIps} IPs: {c.Allocated} allocated ({c.Quarantined} quarantined), {c.Free} free, {c.CoolingDown} cooling down, {c.Unavailable} unavailable"));
        TextTable ips = new("ip", "eni", "state", "pod", "pod uid", "container", "if", "since", "lsn");
        foreach (StateCommand.IpView ip in view.Ips)
        {
            ips.Add(ip.Ip.ToString(), ip.EniId, ip.State, ip.Pod, ip.PodUid, ip.ContainerId, ip.IfName,
                ip.State == "cooling" ? ReplayFormat.Time(ip.CoolingUntil) : ReplayFormat.Time(ip.AllocatedAt), ip.AllocatedLsn is { } l ? ReplayFormat.Number(l) : string.Empty);
        }

        ips.WriteTo(stdout);
        foreach (string warning in view.Warnings)
        {
            stdout.WriteLine($"warning: {warning}");
        }

        return ReplayExitCodes.Ok;
    }
}
