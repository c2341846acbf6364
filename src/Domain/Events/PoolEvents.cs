namespace EsCni.Domain.Events;

/// <summary>Intent: AssignPrivateIpAddresses for Count secondary IPs on the ENI is about to be called.</summary>
public sealed record PoolIpsRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, int Count) : DomainEvent(EventId, At, Cause);

/// <summary>Secondary IPs joined the ENI's pool (from an assign call, or found on the ENI at startup/reconcile).</summary>
public sealed record PoolIpsAdded(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : DomainEvent(EventId, At, Cause);

/// <summary>The assign call failed; the ENI has no request in flight any more.</summary>
public sealed record PoolIpsRequestFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>Intent: these free IPs will be unassigned from the ENI; from now on they are not handed out.</summary>
public sealed record PoolIpsReleaseRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : DomainEvent(EventId, At, Cause);

/// <summary>The unassign call failed; the IPs are free in the pool again.</summary>
public sealed record PoolIpsReleaseFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>The IPs left the ENI's pool.</summary>
public sealed record PoolIpsRemoved(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : DomainEvent(EventId, At, Cause);
