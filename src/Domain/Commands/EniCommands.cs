namespace EsCni.Domain.Commands;

/// <summary>Record the intent to create an ENI with a ClientToken, before calling EC2.</summary>
public sealed record RecordEniCreateRequested(DateTimeOffset At, Cause Cause, string ClientToken, string SubnetId) : PoolCommand(At, Cause);

/// <summary>Record that EC2 created the ENI for a pending ClientToken.</summary>
public sealed record RecordEniCreated(DateTimeOffset At, Cause Cause, string EniId, string ClientToken, string SubnetId) : PoolCommand(At, Cause);

/// <summary>Record that the create for a pending ClientToken failed.</summary>
public sealed record RecordEniCreateFailed(DateTimeOffset At, Cause Cause, string ClientToken, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Record an ENI attached at a device index (ours after a create, or found at startup); the route table is derived.</summary>
public sealed record RecordEniAttached(DateTimeOffset At, Cause Cause, string EniId, int DeviceIndex, string Mac, string SubnetId, string SubnetCidr, Ipv4Address PrimaryIp) : PoolCommand(At, Cause);

/// <summary>Ask to detach an ENI: refused for the primary ENI, an ENI with allocations, or one with an IP request in flight.</summary>
public sealed record RequestEniDetach(DateTimeOffset At, Cause Cause, string EniId) : PoolCommand(At, Cause);

/// <summary>Record that a requested detach failed; the ENI is usable again.</summary>
public sealed record RecordEniDetachFailed(DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : PoolCommand(At, Cause);

/// <summary>Record that the ENI is detached (refused while it holds allocations: release or quarantine-then-release first).</summary>
public sealed record RecordEniDetached(DateTimeOffset At, Cause Cause, string EniId) : PoolCommand(At, Cause);

/// <summary>Record that a detached or never-attached ENI was deleted.</summary>
public sealed record RecordEniDeleted(DateTimeOffset At, Cause Cause, string EniId) : PoolCommand(At, Cause);
