using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.ClusterStore;

/// <summary>The per-event folds of <see cref="ClusterProjection"/>.</summary>
public sealed partial class ClusterProjection
{
    private static async Task OnIpAllocatedAsync(ClusterDocuments page, ShippedEvent shipped, IpAllocated e, CancellationToken ct)
    {
        string ip = e.Ip.ToString();
        await OpenIntervalAsync(page, shipped, ip, e.EniId, e.Key, e.Pod, e.At, ct).ConfigureAwait(false);
        ClusterEni eni = await page.EniAsync(e.EniId, shipped.Node, ct).ConfigureAwait(false);
        if (!eni.AllocatedIps.Contains(ip))
        {
            eni.AllocatedIps.Add(ip);
        }

        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
    }

    private static async Task OnIpReleasedAsync(ClusterDocuments page, ShippedEvent shipped, IpReleased e, CancellationToken ct)
    {
        string ip = e.Ip.ToString();
        if (await CloseIntervalAsync(page, shipped, ip, e.Key, e.At, e.Reason, ct).ConfigureAwait(false) is not { } open)
        {
            return;
        }

        ClusterEni eni = await page.EniAsync(open.EniId, shipped.Node, ct).ConfigureAwait(false);
        eni.AllocatedIps.Remove(ip);
        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
    }

    // IPv6 pods own an interval like IPv4 ones (who-had answers for both), keyed by the RFC 5952 text; they are not
    // counted against the ENI's IPv4 subnet, whose usage is what the ENI documents track.
    private static Task OnIpv6AllocatedAsync(ClusterDocuments page, ShippedEvent shipped, Ipv6Allocated e, CancellationToken ct) =>
        OpenIntervalAsync(page, shipped, e.Address.ToString(), e.EniId, e.Key, e.Pod, e.At, ct);

    private static Task OnIpv6ReleasedAsync(ClusterDocuments page, ShippedEvent shipped, Ipv6Released e, CancellationToken ct) =>
        CloseIntervalAsync(page, shipped, e.Address.ToString(), e.Key, e.At, e.Reason, ct);

    private static async Task OpenIntervalAsync(ClusterDocuments page, ShippedEvent shipped, string ip, string eniId, IpamKey key, Pod pod, DateTimeOffset at, CancellationToken ct)
    {
        var interval = new ClusterOwnershipInterval
        {
            Id = $"{shipped.Node}/{shipped.Incarnation:N}/{shipped.Lsn}",
            Ip = ip,
            Node = shipped.Node,
            Incarnation = shipped.Incarnation,
            EniId = eniId,
            NetworkName = key.NetworkName,
            ContainerId = key.ContainerId,
            IfName = key.IfName,
            PodNamespace = pod.Namespace,
            PodName = pod.Name,
            PodUid = pod.Uid,
            From = at,
            FromLsn = shipped.Lsn,
        };
        page.AddInterval(interval);
        IpCurrentOwners owners = await page.OwnersAsync(ip, ct).ConfigureAwait(false);
        owners.OpenIntervals[IpCurrentOwners.HolderKey(shipped.Node, key.NetworkName, key.ContainerId, key.IfName)] = interval.Id;
    }

    // The interval closed, or null when this store never saw it open.
    private static async Task<ClusterOwnershipInterval?> CloseIntervalAsync(ClusterDocuments page, ShippedEvent shipped, string ip, IpamKey key, DateTimeOffset at, ReleaseReason reason, CancellationToken ct)
    {
        IpCurrentOwners owners = await page.OwnersAsync(ip, ct).ConfigureAwait(false);
        // Matched on node and key, not "the last owner": two nodes may both claim an address (that is what the
        // cluster view is for), and a release for an allocation this store never saw must not close another one.
        if (!owners.OpenIntervals.Remove(IpCurrentOwners.HolderKey(shipped.Node, key.NetworkName, key.ContainerId, key.IfName), out string? id)
            || await page.IntervalAsync(id, ct).ConfigureAwait(false) is not { } open)
        {
            return null;
        }

        open.To = at;
        open.ToLsn = shipped.Lsn;
        open.ReleaseReason = reason.ToString();
        return open;
    }

    private static async Task OnEniAttachedAsync(ClusterDocuments page, ShippedEvent shipped, EniAttached e, CancellationToken ct)
    {
        ClusterEni eni = await page.EniAsync(e.EniId, shipped.Node, ct).ConfigureAwait(false);
        eni.Node = shipped.Node;
        eni.SubnetId = e.SubnetId;
        eni.SubnetCidr = e.SubnetCidr;
        eni.DeviceIndex = e.DeviceIndex;
        eni.Phase = "attached";
        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
    }

    private static async Task OnPoolIpsChangedAsync(ClusterDocuments page, ShippedEvent shipped, string eniId, ValueList<Ipv4Address> ips, bool added, CancellationToken ct)
    {
        ClusterEni eni = await page.EniAsync(eniId, shipped.Node, ct).ConfigureAwait(false);
        foreach (Ipv4Address address in ips)
        {
            string ip = address.ToString();
            if (added && !eni.PoolIps.Contains(ip))
            {
                eni.PoolIps.Add(ip);
            }
            else if (!added)
            {
                eni.PoolIps.Remove(ip);
            }
        }

        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
    }

    private static async Task OnEniPhaseAsync(ClusterDocuments page, ShippedEvent shipped, string eniId, string phase, CancellationToken ct)
    {
        ClusterEni eni = await page.EniAsync(eniId, shipped.Node, ct).ConfigureAwait(false);
        eni.Phase = phase;
        if (phase is "detached" or "deleted")
        {
            eni.PoolIps.Clear();
            eni.AllocatedIps.Clear();
        }

        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
    }
}
