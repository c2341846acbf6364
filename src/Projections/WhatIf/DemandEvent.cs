using EsCni.Domain.Events;

namespace EsCni.Projections.WhatIf;

/// <summary>One recorded CNI request the what-if replays: an ADD (IpAllocated, IpAdopted) or a DEL (IpReleased) at the time the journal recorded it.</summary>
/// <param name="At">When the journal recorded it. For an ADD that is when it succeeded: a refused attempt is not journaled.</param>
/// <param name="Key">The IPAM key (network, container, interface).</param>
/// <param name="Pod">The pod, for an ADD; null for a DEL.</param>
/// <param name="Netns">The pod's netns path, for an ADD.</param>
/// <param name="Reason">Why the IP was released, for a DEL.</param>
public sealed record DemandEvent(DateTimeOffset At, IpamKey Key, Pod? Pod, string Netns, ReleaseReason Reason)
{
    /// <summary>True for an ADD.</summary>
    public bool IsAdd => Pod is not null;
}
