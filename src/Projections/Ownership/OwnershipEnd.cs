namespace EsCni.Projections.Ownership;

/// <summary>How an ownership interval ended.</summary>
public enum OwnershipEnd
{
    /// <summary>It has not ended: the key still owns the IP at the end of the replay.</summary>
    Live,

    /// <summary>An IpReleased for the key (see <see cref="OwnershipInterval.ReleaseReason"/>).</summary>
    Released,

    /// <summary>The IP's ENI was detached while the key held it (an invariant violation, but a fact in the journal).</summary>
    EniDetached,

    /// <summary>The IP was removed from its ENI's pool while the key held it.</summary>
    PoolIpRemoved,

    /// <summary>A host-evidence hold ended (IpHoldLifted): the unknown pod's veth and route were gone.</summary>
    HoldLifted,
}
