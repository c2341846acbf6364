namespace EsCni.Domain.Pool;

/// <summary>Decide for an ADD that finds no free IP: say which of capacity, subnet or a refill in progress is why.</summary>
/// <remarks>
/// The three call for different actions, so they are different codes: at capacity only deleting pods (or kubelet
/// max-pods, a bigger instance, MAX_ENI) helps; an exhausted subnet needs addresses freed in the VPC; otherwise an IP
/// is coming (the warm pool grows, or a released IP leaves cooldown) and the runtime's retry will get it.
/// </remarks>
public sealed partial class NodePool
{
    /// <summary>The capacity of the started node (null before <see cref="Events.NodeStarted"/>); <paramref name="maxEni"/> only names the limit.</summary>
    /// <remarks>A pool holding prefixes counts 16 addresses per ENI slot, so 110 pods on an m5.large are not "at capacity" at 27.</remarks>
    public PoolCapacity? GetCapacity(int? maxEni) => Node is null ? null
        : _prefixes.Count == 0 ? PoolCapacity.Of(Node, maxEni)
        : PoolCapacity.Of(Node, maxEni) with { PodIpsPerEni = (Node.IpsPerEni - 1) * Ipv4Prefix.Size };

    private Decision RejectShortage(AllocateIp c)
    {
        PoolCounts counts = GetCounts(c.At);
        PoolCapacity capacity = GetCapacity(c.Growth.MaxEni)!;
        string nextFree = _free.Count == 0 ? "none free" :
            Format($"next out of cooldown at {new DateTimeOffset(_free.Min.ReleasedTicks, TimeSpan.Zero) + Node!.IpCooldown:O}");
        string pool = Format($"{counts.TotalIps} IPs on {counts.Enis} ENIs, {counts.Allocated} allocated, {counts.CoolingDown} cooling down ({nextFree}), {counts.Unavailable} being released");
        if (capacity.IsReachedBy(counts))
        {
            string raise = capacity.CappedByMaxEni ? "raise MAX_ENI or use a larger instance type" : "use a larger instance type";
            return Decision.Reject(RejectionCode.AtCapacity, Format(
                $"{capacity.Summary}; {counts.Allocated} allocated: no IP for {c.Key} ({c.Pod}) until a pod on this node is deleted. Set kubelet max-pods to {capacity.MaxPods} (ENIs × (IPv4 per ENI − 1) + 2) so no more pods are scheduled here, or {raise}."));
        }

        if (counts.TotalIps >= capacity.MaxPodIps)
        {
            return Decision.Reject(RejectionCode.NoIpAvailable, Format(
                $"no IP available for {c.Key} ({c.Pod}): {capacity.Summary} and all are in the pool: {pool}; the pool cannot grow, retry once an IP is out of cooldown."));
        }

        if (c.Growth.SubnetExhausted is { } subnet)
        {
            return Decision.Reject(RejectionCode.SubnetExhausted, Format(
                $"no IP available for {c.Key} ({c.Pod}): the subnet has no free addresses ({subnet}); {pool}. Free addresses in the subnet or add a subnet; the warm pool asks EC2 again later."));
        }

        string coming = counts.CoolingDown > 0
            ? "an IP leaves cooldown or the warm pool adds IPs from EC2 when below its targets; retry shortly"
            : "the warm pool is being refilled from EC2; retry shortly";
        return Decision.Reject(RejectionCode.NoIpAvailable, Format(
            $"no IP available for {c.Key} ({c.Pod}): {pool}; {coming}, or raise WARM_IP_TARGET/MINIMUM_IP_TARGET to keep more IPs warm."));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
