namespace EsCni.ClusterStore.Shipping;

/// <summary>Log event ids of shipping and cluster-store restore (6xx; LogEventIds.cs keeps 1xx–5xx).</summary>
public static class ShippingLogEventIds
{
    public const int Synced = 600;
    public const int Unavailable = 601;
    public const int Conflict = 602;
    public const int Retention = 603;
    public const int Started = 604;
    public const int NodeNameUnknown = 605;
    public const int Restored = 610;
    public const int RestoreRefused = 611;
    public const int Restoring = 612;
    public const int NothingToRestore = 613;
}
