using EsCni.ClusterStore;
using Marten;

namespace EsCni.Replay;

/// <summary>
/// <c>replay who-had IP --postgres CS [--at T]</c>: every owner of the IP on any node of the cluster, from the central
/// process's ownership projection in PostgreSQL (the node journals answer only for their own node).
/// </summary>
public static class ClusterWhoHadCommand
{
    /// <summary>Finds and prints the owners across nodes. A store it cannot read is the caller's (<see cref="ClusterReplayOptions.DispatchAsync"/>).</summary>
    public static async Task<int> RunAsync(string ipText, string connectionString, DateTimeOffset? at, bool json, TextWriter stdout, CancellationToken ct)
    {
        bool isV6 = Ipv6Address.TryParse(ipText, out Ipv6Address v6);
        Ipv4Address v4 = default;
        if (!isV6 && !Ipv4Address.TryParse(ipText, out v4))
        {
            throw new ReplayUsageException($"'{ipText}' is not an IP address; pass one such as 10.0.3.17 or 2600:1f14:abc:de01:1234::7");
        }

        string ip = isV6 ? v6.ToString() : v4.ToString();
        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Reader);
        IReadOnlyList<ClusterOwnershipInterval> owners;
        await using (IQuerySession query = store.QuerySession())
        {
            owners = isV6 ? await ClusterQueries.WhoHadAsync(query, v6, at, ct) : await ClusterQueries.WhoHadAsync(query, v4, at, ct);
        }

        (long highWater, long projected) = await ClusterQueries.ProjectionLagAsync(store, ct);
        if (json)
        {
            ReplayJson.Write(stdout, new { ip, at, owners, projectedSequence = projected, highWaterSequence = highWater });
            return ReplayExitCodes.Ok;
        }

        string window = at is { } moment ? $"at {ReplayFormat.Time(moment)}" : "over the whole cluster store";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ip} {window}: {owners.Count} owner(s) across nodes"));
        if (projected < highWater)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"note: the cluster projection is {highWater - projected} events behind (at sequence {projected} of {highWater}); is `escni-ipamd projections run` running?"));
        }

        if (owners.Count == 0)
        {
            return ReplayExitCodes.Ok;
        }

        TextTable table = new("node", "pod", "pod uid", "container", "if", "eni", "allocated", "alloc lsn", "ended", "end lsn", "how");
        foreach (ClusterOwnershipInterval o in owners)
        {
            table.Add(o.Node, $"{o.PodNamespace}/{o.PodName}", o.PodUid, o.ContainerId, o.IfName, o.EniId, ReplayFormat.Time(o.From), ReplayFormat.Number(o.FromLsn),
                ReplayFormat.Time(o.To), o.ToLsn is { } l ? ReplayFormat.Number(l) : "-", o.To is null ? "still allocated" : $"released ({o.ReleaseReason})");
        }

        table.WriteTo(stdout);
        return ReplayExitCodes.Ok;
    }
}
