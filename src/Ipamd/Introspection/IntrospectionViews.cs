using System.Text.Json;
using System.Text.Json.Serialization;
using EsCni.Ipamd.Hosting;

namespace EsCni.Ipamd.Introspection;

/// <summary>The JSON shapes of the introspection endpoints (camelCase, stable names operators script against).</summary>
internal static class IntrospectionViews
{
    public static readonly JsonSerializerOptions Json = CreateOptions();

    public static object Eni(EniInfo eni) => new
    {
        eniId = eni.EniId,
        deviceIndex = eni.DeviceIndex,
        mac = eni.Mac,
        subnetId = eni.SubnetId,
        subnetCidr = eni.SubnetCidr,
        primaryIp = eni.PrimaryIp.ToString(),
        routeTableId = eni.RouteTableId,
        attachedAt = eni.AttachedAt,
        status = eni.Status.ToString(),
        ips = eni.Ips.Select(ip => ip.ToString()).ToList(),
        prefixes = eni.Prefixes.Select(p => p.ToString()).ToList(),
        allocated = eni.AllocatedCount,
        pendingIpRequest = eni.PendingIpRequest,
        pendingPrefixRequest = eni.PendingPrefixRequest,
    };

    public static object Pod(Allocation allocation) => new
    {
        containerId = allocation.Key.ContainerId,
        ifName = allocation.Key.IfName,
        networkName = allocation.Key.NetworkName,
        podNamespace = allocation.Pod.Namespace,
        podName = allocation.Pod.Name,
        podUid = allocation.Pod.Uid,
        ip = allocation.Ip.ToString(),
        eni = allocation.EniId,
        deviceIndex = allocation.DeviceIndex,
        routeTableId = allocation.RouteTableId,
        netns = allocation.Netns,
        allocatedAt = allocation.AllocatedAt,
        allocatedLsn = allocation.AllocatedLsn,
        quarantined = allocation.IsQuarantined,
        quarantineEvidence = allocation.QuarantineEvidence,
    };

    /// <summary>An IPv6 pod for /v1/pods: the IPv4 pod's fields where they apply (the /80 is on the primary ENI, main table).</summary>
    public static object Pod(Ipv6Allocation allocation) => new
    {
        containerId = allocation.Key.ContainerId,
        ifName = allocation.Key.IfName,
        networkName = allocation.Key.NetworkName,
        podNamespace = allocation.Pod.Namespace,
        podName = allocation.Pod.Name,
        podUid = allocation.Pod.Uid,
        ip = allocation.Address.ToString(),
        family = "ipv6",
        eni = allocation.EniId,
        deviceIndex = 0,
        routeTableId = 254,
        netns = allocation.Netns,
        allocatedAt = allocation.AllocatedAt,
        allocatedLsn = allocation.AllocatedLsn,
    };

    /// <summary>Every pod, IPv4 then IPv6 (a node switched to IPv6 keeps its IPv4 pods until they are deleted).</summary>
    public static List<object> Pods(NodePool pool) =>
        pool.GetAllocations().Select(Pod).Concat(pool.GetIpv6Allocations().Select(Pod)).ToList();

    /// <summary>/v1/pool; <paramref name="maxEni"/> (MAX_ENI) only names the limit in <c>capacity.summary</c>.</summary>
    public static object Pool(NodePool pool, DateTimeOffset now, DaemonReadiness? readiness, int? maxEni = null)
    {
        PoolCounts counts = pool.GetCounts(now);
        PoolCapacity? capacity = pool.GetCapacity(maxEni);
        return new
        {
            lsn = pool.LastLsn,
            ready = readiness?.NotReadyReason(counts) is null,
            notReadyReason = readiness?.NotReadyReason(counts),
            timeToReadyMs = readiness?.TimeToReady?.TotalMilliseconds,
            node = pool.Node,
            enis = counts.Enis,
            totalIps = counts.TotalIps,
            allocated = counts.Allocated,
            quarantined = counts.Quarantined,
            free = counts.Free,
            coolingDown = counts.CoolingDown,
            unavailable = counts.Unavailable,
            atCapacity = capacity?.IsReachedBy(counts) ?? false,
            capacity = capacity is null ? null : new
            {
                summary = capacity.Summary,
                instanceType = capacity.InstanceType,
                enis = capacity.Enis,
                podIpsPerEni = capacity.PodIpsPerEni,
                cappedByMaxEni = capacity.CappedByMaxEni,
                maxPodIps = capacity.MaxPodIps,
                maxPods = capacity.MaxPods,
            },
            prefixes = pool.GetPrefixes().Select(p => new { prefix = p.Key.ToString(), eni = p.Value }).ToList(),
            prefixShortageAt = pool.PrefixShortageAt,
            ipv6 = new
            {
                prefixes = pool.Ipv6Prefixes.Select(p => new { prefix = p.Prefix.ToString(), eni = p.EniId, addedAt = p.AddedAt }).ToList(),
                pendingPrefixRequestEni = pool.PendingIpv6PrefixEni,
                allocated = pool.GetIpv6Allocations().Count,
            },
            freeIps = pool.GetFreeIps(now).Select(ip => ip.ToString()).ToList(),
            cooling = pool.GetCoolingIps(now).Select(c => new { ip = c.Ip.ToString(), until = c.Until }).ToList(),
            held = pool.GetHolds().Select(h => new
            {
                ip = h.Ip.ToString(),
                source = h.Source,
                evidence = h.Evidence,
                hostVeth = h.HostVeth,
                peerNetns = h.PeerNetns,
                peerIfIndex = h.PeerIfIndex,
                observedAt = h.ObservedAt,
                heldAt = h.At,
            }).ToList(),
        };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new Ipv4AddressJsonConverter());
        return options;
    }
}
