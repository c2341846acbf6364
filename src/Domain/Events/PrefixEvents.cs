namespace EsCni.Domain.Events;

/// <summary>Intent: AssignPrivateIpAddresses with Ipv4PrefixCount = Count (/28 prefixes) on the ENI is about to be called.</summary>
public sealed record PoolPrefixesRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, int Count) : DomainEvent(EventId, At, Cause);

/// <summary>/28 prefixes joined the ENI's pool (from an assign call, or found on the ENI); each of their 16 addresses can go to a pod.</summary>
public sealed record PoolPrefixesAdded(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : DomainEvent(EventId, At, Cause);

/// <summary>The prefix assign call failed (InsufficientCidrBlocks: no free aligned /28 in the subnet); the ENI has no prefix request in flight any more.</summary>
public sealed record PoolPrefixesRequestFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>Intent: these prefixes, every address free and cooled down, will be unassigned; none of their addresses is handed out from now on.</summary>
public sealed record PoolPrefixesReleaseRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : DomainEvent(EventId, At, Cause);

/// <summary>The prefix unassign call failed; the prefixes' addresses are free in the pool again.</summary>
public sealed record PoolPrefixesReleaseFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>The prefixes, with all their addresses, left the ENI's pool.</summary>
public sealed record PoolPrefixesRemoved(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : DomainEvent(EventId, At, Cause);
