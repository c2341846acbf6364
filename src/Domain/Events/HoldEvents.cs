namespace EsCni.Domain.Events;

/// <summary>Evidence outside the journal shows the IP in use (a pod the journal does not know, or an EC2 conflict): it is never handed out until <see cref="IpHoldLifted"/>.</summary>
/// <param name="EventId">The event id.</param>
/// <param name="At">When the hold was decided.</param>
/// <param name="Cause">Who decided it (the start-up scan, the host loop, the EC2 loop).</param>
/// <param name="Ip">The held IP.</param>
/// <param name="Source">What kind of evidence.</param>
/// <param name="Evidence">The evidence in words, for `replay who-had` and operators.</param>
/// <param name="HostVeth">The host veth the /32 route uses (host evidence), or the ENI EC2 named (EC2 evidence).</param>
/// <param name="PeerNetns">Where the veth's peer lives: `netnsid N` as the host's `ip link` shows it; empty for EC2 evidence.</param>
/// <param name="PeerIfIndex">The peer's ifindex inside its namespace; 0 when not known.</param>
/// <param name="ObservedAt">When the evidence was read.</param>
public sealed record IpHeld(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, HoldSource Source, string Evidence, string HostVeth, string PeerNetns,
    int PeerIfIndex, DateTimeOffset ObservedAt) : DomainEvent(EventId, At, Cause);

/// <summary>The evidence behind an <see cref="IpHeld"/> is gone (route and veth absent in consecutive scans, EC2 and journal agree again); the IP may be handed out.</summary>
public sealed record IpHoldLifted(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, string Why) : DomainEvent(EventId, At, Cause);
