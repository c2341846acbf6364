namespace EsCni.Domain.Events;

/// <summary>The IP on the ENI now belongs to the key (a pod's interface).</summary>
public sealed record IpAllocated(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, string EniId, IpamKey Key, Pod Pod, string Netns) : DomainEvent(EventId, At, Cause);

/// <summary>The key no longer owns the IP; it cools down for IP_COOLDOWN_PERIOD from <see cref="DomainEvent.At"/>.</summary>
/// <remarks>
/// RequestId: for <see cref="ReleaseReason.DeferredDel"/>, the request id of the plugin's DEL that spooled the release
/// while the daemon was down (the event's <see cref="DomainEvent.Cause"/> is the daemon applying it); null otherwise.
/// </remarks>
public sealed record IpReleased(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, IpamKey Key, ReleaseReason Reason, string? RequestId = null)
    : DomainEvent(EventId, At, Cause)
{
    /// <summary>What the releaser saw that proves the allocation dead (e.g. the CRI answers for <see cref="ReleaseReason.RuntimeGc"/>); empty when the reason says it all (a CNI DEL).</summary>
    public string Evidence { get; init; } = string.Empty;
}

/// <summary>Evidence disagrees with the journal about this allocation; it stays owned and flagged until released explicitly.</summary>
public sealed record AllocationQuarantined(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, IpamKey Key, string Evidence) : DomainEvent(EventId, At, Cause);
