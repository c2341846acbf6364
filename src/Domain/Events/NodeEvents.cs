namespace EsCni.Domain.Events;

/// <summary>The daemon started on a node; the limits and cooldown here are in force until the next start.</summary>
/// <param name="EventId">See <see cref="DomainEvent"/>.</param>
/// <param name="At">See <see cref="DomainEvent"/>.</param>
/// <param name="Cause">See <see cref="DomainEvent"/>.</param>
/// <param name="InstanceId">EC2 instance id.</param>
/// <param name="InstanceType">EC2 instance type.</param>
/// <param name="AvailabilityZone">Availability zone.</param>
/// <param name="VpcCidrs">The VPC's IPv4 CIDRs.</param>
/// <param name="MaxEnis">ENIs the node may use (instance limit capped by MAX_ENI).</param>
/// <param name="IpsPerEni">IPv4 addresses per ENI, including the ENI's primary IP.</param>
/// <param name="Build">The daemon build string.</param>
/// <param name="IpCooldown">IP_COOLDOWN_PERIOD: a released IP is not handed out again for this long.</param>
public sealed record NodeStarted(Guid EventId, DateTimeOffset At, Cause Cause, string InstanceId, string InstanceType, string AvailabilityZone, ValueList<string> VpcCidrs, int MaxEnis, int IpsPerEni, string Build, TimeSpan IpCooldown) : DomainEvent(EventId, At, Cause);

/// <summary>The daemon stopped cleanly.</summary>
/// <param name="EventId">See <see cref="DomainEvent"/>.</param>
/// <param name="At">See <see cref="DomainEvent"/>.</param>
/// <param name="Cause">See <see cref="DomainEvent"/>.</param>
/// <param name="Reason">Why, e.g. "SIGTERM".</param>
public sealed record NodeStopped(Guid EventId, DateTimeOffset At, Cause Cause, string Reason) : DomainEvent(EventId, At, Cause);
