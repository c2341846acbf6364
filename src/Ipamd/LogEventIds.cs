namespace EsCni.Ipamd;

/// <summary>Every log event id of the daemon in one place, so operators can alert on stable ids.</summary>
internal static class LogEventIds
{
    // 1xx: start, recovery, readiness
    public const int Starting = 100;
    public const int Ready = 101;
    public const int Recovered = 102;
    public const int NodeInitialized = 103;
    public const int NodeInitFailed = 104;
    public const int Stopping = 105;
    public const int JournalDiagnostic = 107;
    public const int JournalOpened = 108;
    public const int NativeHeapTrimOff = 109;

    // 2xx: pool and journal
    public const int SnapshotWritten = 200;
    public const int SnapshotFailed = 201;
    public const int PoolFailed = 202;
    public const int SnapshotSkipped = 203;
    public const int SegmentIndexesWritten = 210;
    public const int SegmentIndexesFailed = 211;

    // 3xx: CNI requests
    public const int AddNetwork = 300;
    public const int AddNetworkRejected = 301;
    public const int DelNetwork = 302;
    public const int GcReleased = 303;
    public const int VersionMismatch = 304;
    public const int DeferredDelApplied = 310;
    public const int DeferredDelDropped = 311;
    public const int DeferredDelBadEntry = 312;
    public const int DeferredDelFailed = 313;
    public const int DeferredDelScanned = 314;

    // 4xx: warm pool
    public const int WarmPoolAction = 400;
    public const int WarmPoolFailed = 401;
    public const int SubnetExhausted = 402;
    public const int PrefixDelegationFallback = 403;
    public const int PrefixDelegationOn = 404;
    public const int Ipv6PrefixAction = 405;
    public const int Ipv6HostSysctls = 406;

    // 5xx: reconciliation
    public const int DriftDetected = 500;
    public const int ReconcileFailed = 501;
    public const int HostNetworkCorrected = 502;
    public const int LeakedEniDeleted = 503;
    public const int LeakedEniDeleteFailed = 504;
    public const int DetachedEniDeleted = 505;
    public const int HostEvidenceHeld = 506;
    public const int VpcCniAdopted = 507;
    public const int VpcCniCheckpointUnusable = 508;

    // 6xx: runtime GC (CRI)
    public const int RuntimeGcOff = 600;
    public const int RuntimeGcOn = 601;
    public const int RuntimeGcReleased = 602;
    public const int RuntimeGcRefused = 603;
    public const int RuntimeGcPass = 604;
}
