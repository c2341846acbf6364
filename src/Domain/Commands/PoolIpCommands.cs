namespace EsCni.Domain.Commands;

/// <summary>Record the intent to assign Count secondary IPs to an attached ENI, before calling EC2.</summary>
public sealed record RecordPoolIpsRequested(DateTimeOffset At, Cause Cause, string EniId, int Count) : PoolCommand(At, Cause);

/// <summary>Record secondary IPs now on the ENI (IPs already in its pool are skipped).</summary>
public sealed record RecordPoolIpsAdded(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : PoolCommand(At, Cause);

/// <summary>Record that the in-flight assign call for the ENI failed.</summary>
public sealed record RecordPoolIpsRequestFailed(DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Ask to give free, cooled-down IPs back to EC2; they stop being handed out at once.</summary>
public sealed record RequestPoolIpsRelease(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : PoolCommand(At, Cause);

/// <summary>Record that the unassign call failed; the IPs are free again.</summary>
public sealed record RecordPoolIpsReleaseFailed(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Record IPs gone from the ENI (after a release, or found missing by the reconciler); refused for allocated IPs.</summary>
public sealed record RecordPoolIpsRemoved(DateTimeOffset At, Cause Cause, string EniId, ValueList<Ipv4Address> Ips) : PoolCommand(At, Cause);
