namespace EsCni.Ipamd.Shipping;

/// <summary>What <see cref="ClusterStoreRecovery.RestoreMissingAsync"/> did.</summary>
public enum ClusterRestoreOutcome
{
    /// <summary>The local journal holds everything the cluster store has for its incarnation (or there is no journal or stream yet).</summary>
    UpToDate,

    /// <summary>Missing events were copied from PostgreSQL into the local journal.</summary>
    Restored,

    /// <summary>The cluster store disagrees with the local journal below its tail (two writers): nothing restored.</summary>
    Refused,

    /// <summary>PostgreSQL could not be asked (down, schema missing): nothing restored; start anyway, shipping will retry.</summary>
    Unreachable,
}
