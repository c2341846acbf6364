using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.ClusterStore;

/// <summary>The per-event folds of <see cref="ClusterProjection"/>.</summary>
public sealed partial class ClusterProjection
{
    private static async Task OnIpAllocatedAsync(ClusterDocuments page, ShippedEvent shipped, IpAllocated e, CancellationToken ct)
    {
        string ip = e.Ip.ToString();
        var interval = new ClusterOwnershipInterval
        {
            Id = $"{shipped.Node}/{shipped.Incarnation:N}/{shipped.Lsn}",
            Ip = ip,
            Node = shipped.Node,
            Incarnation = shipped.Incarnation,
            EniId = e.EniId,
            NetworkName = e.Key.NetworkName,
            ContainerId = e.Key.ContainerId,
            IfName = e.Key.IfName,
            PodNamespace = e.Pod.Namespace,
            PodName = e.Pod.Name,
            PodUid = e.Pod.Uid,
            From = e.At,
            FromLsn = shipped.Lsn,
        };
        page.AddInterval(interval);
        IpCurrentOwners owners = await page.OwnersAsync(ip, ct).ConfigureAwait(false);
        owners.OpenIntervals[IpCurrentOwners.HolderKey(shipped.Node, e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName)] = interval.Id;

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
        IpCurrentOwners owners = await page.OwnersAsync(ip, ct).ConfigureAwait(false);
        // Matched on node and key, not "the last owner": two nodes may both claim an address (that is what the
        // cluster view is for), and a release for an allocation this store never saw must not close another one.
        if (!owners.OpenIntervals.Remove(IpCurrentOwners.HolderKey(shipped.Node, e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName), out string? id)
            || await page.IntervalAsync(id, ct).ConfigureAwait(false) is not { } open)
        {
            return;
        }

        open.To = e.At;
        open.ToLsn = shipped.Lsn;
        open.ReleaseReason = e.Reason.ToString();
        ClusterEni eni = await page.EniAsync(open.EniId, shipped.Node, ct).ConfigureAwait(false);
        eni.AllocatedIps.Remove(ip);
        eni.UpdatedAt = shipped.At;
        await page.RefreshSubnetAsync(eni, ct).ConfigureAwait(false);
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
