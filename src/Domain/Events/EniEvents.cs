namespace EsCni.Domain.Events;

/// <summary>Intent: CreateNetworkInterface is about to be called with this ClientToken (settled by <see cref="EniCreated"/> or <see cref="EniCreateFailed"/>).</summary>
public sealed record EniCreateRequested(Guid EventId, DateTimeOffset At, Cause Cause, string ClientToken, string SubnetId) : DomainEvent(EventId, At, Cause);

/// <summary>EC2 created the ENI for the ClientToken; it is not attached yet.</summary>
public sealed record EniCreated(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string ClientToken, string SubnetId) : DomainEvent(EventId, At, Cause);

/// <summary>EC2 refused or failed the create for the ClientToken.</summary>
public sealed record EniCreateFailed(Guid EventId, DateTimeOffset At, Cause Cause, string ClientToken, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>The ENI is attached to the node at a device index; its IPs may now join the pool. Route table: 254 for device 0, else device + 1.</summary>
public sealed record EniAttached(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, int DeviceIndex, string Mac, string SubnetId, string SubnetCidr, Ipv4Address PrimaryIp, int RouteTableId) : DomainEvent(EventId, At, Cause);

/// <summary>Intent: the ENI will be detached; its IPs are no longer handed out.</summary>
public sealed record EniDetachRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId) : DomainEvent(EventId, At, Cause);

/// <summary>The detach call failed; the ENI is attached and usable again.</summary>
public sealed record EniDetachFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string ErrorCode, string Message) : DomainEvent(EventId, At, Cause);

/// <summary>The ENI is detached from the node, with all its pool IPs.</summary>
public sealed record EniDetached(Guid EventId, DateTimeOffset At, Cause Cause, string EniId) : DomainEvent(EventId, At, Cause);

/// <summary>The ENI was deleted in EC2.</summary>
public sealed record EniDeleted(Guid EventId, DateTimeOffset At, Cause Cause, string EniId) : DomainEvent(EventId, At, Cause);
