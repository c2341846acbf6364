namespace EsCni.Domain.Commands;

/// <summary>Record that evidence shows the IP in use outside the journal; it is never allocated until <see cref="LiftHold"/>. Repeats of a held IP record nothing.</summary>
public sealed record HoldIp(DateTimeOffset At, Cause Cause, Ipv4Address Ip, HoldSource Source, string Evidence, string HostVeth, string PeerNetns, int PeerIfIndex,
    DateTimeOffset ObservedAt) : PoolCommand(At, Cause);

/// <summary>Record that the evidence behind a hold is gone; an IP that is not held records nothing.</summary>
public sealed record LiftHold(DateTimeOffset At, Cause Cause, Ipv4Address Ip, string Why) : PoolCommand(At, Cause);
