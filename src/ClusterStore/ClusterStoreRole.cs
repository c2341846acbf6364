namespace EsCni.ClusterStore;

/// <summary>Who opens the cluster store; decides schema handling, pool size and which projections are registered.</summary>
public enum ClusterStoreRole
{
    /// <summary>A node's journal shipper: never creates schema (AutoCreate.None), one pooled connection.</summary>
    Shipper,

    /// <summary>The forensic CLI: reads only, never creates schema.</summary>
    Reader,

    /// <summary><c>escni-ipamd projections migrate</c>: creates or updates the schema, runs nothing.</summary>
    Migration,

    /// <summary><c>escni-ipamd projections run</c>: owns the schema and runs the async projections.</summary>
    Central,
}
