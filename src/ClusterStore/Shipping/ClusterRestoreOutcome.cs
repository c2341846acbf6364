namespace EsCni.ClusterStore.Shipping;

/// <summary>What <see cref="ClusterStoreRecovery.RestoreLostEventsAsync"/> did.</summary>
public enum ClusterRestoreOutcome
{
    /// <summary>Nothing to restore: the local journal holds events (served as it is), is new, or the cluster store has no more of its incarnation.</summary>
    UpToDate,

    /// <summary>Missing events were copied from PostgreSQL into the local journal.</summary>
    Restored,

    /// <summary>The cluster store's stream cannot be used (several streams for the incarnation, or events no shipper wrote): nothing restored.</summary>
    Refused,

    /// <summary>PostgreSQL could not be asked (down, schema missing): nothing restored; start anyway, shipping will retry.</summary>
    Unreachable,
}
