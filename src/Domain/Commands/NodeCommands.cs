namespace EsCni.Domain.Commands;

/// <summary>Record a daemon start with the node's identity, limits and cooldown (emits <see cref="NodeStarted"/>).</summary>
public sealed record InitNode(DateTimeOffset At, Cause Cause, string InstanceId, string InstanceType, string AvailabilityZone, ValueList<string> VpcCidrs, int MaxEnis, int IpsPerEni, string Build, TimeSpan IpCooldown) : PoolCommand(At, Cause);

/// <summary>Record a clean stop (emits <see cref="NodeStopped"/>).</summary>
public sealed record StopNode(DateTimeOffset At, Cause Cause, string Reason) : PoolCommand(At, Cause);
