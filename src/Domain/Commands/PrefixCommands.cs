namespace EsCni.Domain.Commands;

/// <summary>Record the intent to assign Count /28 prefixes to an attached ENI (Ipv4PrefixCount), before calling EC2.</summary>
public sealed record RecordPoolPrefixesRequested(DateTimeOffset At, Cause Cause, string EniId, int Count) : PoolCommand(At, Cause);

/// <summary>Record /28 prefixes now on the ENI (prefixes already in its pool are skipped).</summary>
public sealed record RecordPoolPrefixesAdded(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : PoolCommand(At, Cause);

/// <summary>Record that the in-flight prefix assign call for the ENI failed (InsufficientCidrBlocks among others).</summary>
public sealed record RecordPoolPrefixesRequestFailed(DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Ask to give whole prefixes back to EC2; refused unless all 16 addresses of each are free and cooled down.</summary>
public sealed record RequestPoolPrefixesRelease(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : PoolCommand(At, Cause);

/// <summary>Record that the prefix unassign call failed; the addresses are free again.</summary>
public sealed record RecordPoolPrefixesReleaseFailed(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Record prefixes gone from the ENI (after a release, or found missing by the reconciler); refused while an address is allocated.</summary>
public sealed record RecordPoolPrefixesRemoved(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Prefix> Prefixes) : PoolCommand(At, Cause);
