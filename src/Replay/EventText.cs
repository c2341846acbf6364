namespace EsCni.Replay;

/// <summary>One human line per event, naming the IP, pod, key, ENI and outcome the way an incident note would.</summary>
public static class EventText
{
    /// <summary>The event's details (its type name and cause are printed beside it).</summary>
    public static string Describe(DomainEvent domainEvent) => domainEvent switch
    {
        NodeStarted e => Invariant($"{e.InstanceId} {e.InstanceType} {e.AvailabilityZone}, {e.MaxEnis} ENIs x {e.IpsPerEni} IPs, cooldown {ReplayFormat.Duration(e.IpCooldown)}, build {e.Build}"),
        NodeStopped e => $"reason {e.Reason}",
        EniCreateRequested e => $"subnet {e.SubnetId} token {e.ClientToken}",
        EniCreated e => $"{e.EniId} in {e.SubnetId} token {e.ClientToken}",
        EniCreateFailed e => $"token {e.ClientToken}: {e.ErrorCode}: {e.Message}",
        EniAttached e => Invariant($"{e.EniId} device {e.DeviceIndex} MAC {e.Mac} primary {e.PrimaryIp} {e.SubnetId} {e.SubnetCidr} table {e.RouteTableId}"),
        EniDetachRequested e => e.EniId,
        EniDetachFailed e => $"{e.EniId}: {e.ErrorCode}: {e.Message}",
        EniDetached e => e.EniId,
        EniDeleted e => e.EniId,
        PoolIpsRequested e => Invariant($"{e.EniId} +{e.Count} IPs"),
        PoolIpsAdded e => $"{e.EniId} {Ips(e.Ips)}",
        PoolIpsRequestFailed e => $"{e.EniId}: {e.ErrorCode}: {e.Message}",
        PoolIpsReleaseRequested e => $"{e.EniId} {Ips(e.Ips)}",
        PoolIpsReleaseFailed e => $"{e.EniId} {Ips(e.Ips)}: {e.ErrorCode}: {e.Message}",
        PoolIpsRemoved e => $"{e.EniId} {Ips(e.Ips)}",
        PoolPrefixesRequested e => Invariant($"{e.EniId} +{e.Count} /28 prefixes"),
        PoolPrefixesAdded e => $"{e.EniId} {string.Join(',', e.Prefixes)}",
        PoolPrefixesRequestFailed e => $"{e.EniId}: {e.ErrorCode}: {e.Message}",
        PoolPrefixesReleaseRequested e => $"{e.EniId} {string.Join(',', e.Prefixes)}",
        PoolPrefixesReleaseFailed e => $"{e.EniId} {string.Join(',', e.Prefixes)}: {e.ErrorCode}: {e.Message}",
        PoolPrefixesRemoved e => $"{e.EniId} {string.Join(',', e.Prefixes)}",
        IpAllocated e => $"{e.Ip} -> {e.Pod} uid {Blank(e.Pod.Uid)} key {e.Key} on {e.EniId} netns {e.Netns}",
        IpReleased e => $"{e.Ip} from key {e.Key} " + Release(e.Reason, e.RequestId, e.Evidence),
        AllocationQuarantined e => $"{e.Ip} key {e.Key}: {e.Evidence}",
        IpHeld e => Invariant($"{e.Ip} held ({e.Source}): {e.Evidence}; veth {Blank(e.HostVeth)} peer {Blank(e.PeerNetns)} ifindex {e.PeerIfIndex}, observed {e.ObservedAt:O}"),
        IpHoldLifted e => $"{e.Ip} hold lifted: {e.Why}",
        IpAdopted e => Invariant($"{e.Ip} -> {e.Pod} key {e.Key} on {e.EniId} adopted from {e.Source}, allocated there {e.AllocatedAt:O}"),
        EniAdopted e => $"{e.EniId} \"{e.Description}\" tags {(e.Tags.Count == 0 ? "-" : string.Join(", ", e.Tags.Select(t => $"{t.Key}={t.Value}")))}",
        Ipv6PrefixRequested e => $"{e.EniId} +1 IPv6 /80",
        Ipv6PrefixAdded e => $"{e.EniId} {e.Prefix} (from {e.Source})",
        Ipv6PrefixRequestFailed e => $"{e.EniId}: {e.Error}",
        Ipv6Allocated e => $"{e.Address} -> {e.Pod} uid {Blank(e.Pod.Uid)} key {e.Key} on {e.EniId} netns {e.Netns}" + (e.Source.Length == 0 ? string.Empty : $" adopted from {e.Source}"),
        Ipv6Released e => $"{e.Address} from {e.Pod} key {e.Key} " + Release(e.Reason, e.RequestId, e.Evidence),
        Ipv6CursorAdvanced e => Invariant($"{e.EniId} cursor past {e.InUse} to offset {e.NextOffset}: {e.Evidence}"),
        DriftDetected e => $"{e.Subject}: journal says {e.JournalSays}; evidence says {e.EvidenceSays}",
        DriftResolved e => $"{e.Subject}: {e.Resolution}",
        _ => domainEvent.ToString(),
    };

    private static string Ips(EsCni.Domain.Events.ValueList<EsCni.Domain.Net.Ipv4Address> ips) =>
        ips.Count <= 4 ? string.Join(',', ips) : Invariant($"{ips[0]}..{ips[^1]} ({ips.Count} IPs)");

    // "reason CniDel (plugin request r1): evidence", the same for both address families.
    private static string Release(ReleaseReason reason, string? requestId, string evidence) =>
        $"reason {reason}" + (requestId is { } request ? $" (plugin request {request})" : "") + (evidence.Length == 0 ? "" : $": {evidence}");

    private static string Blank(string text) => text.Length == 0 ? "-" : text;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
