namespace EsCni.Domain.Events;

/// <summary>What kind of actor caused an event.</summary>
public enum CauseKind : byte
{
    /// <summary>A CNI ADD/DEL/GC request from the plugin.</summary>
    CniRequest = 0,

    /// <summary>The background reconciler comparing the journal with EC2, IMDS and the host.</summary>
    Reconciler = 1,

    /// <summary>The warm-pool loop growing or shrinking the pool.</summary>
    WarmPool = 2,

    /// <summary>A human, through the CLI.</summary>
    Operator = 3,

    /// <summary>The daemon starting up.</summary>
    Startup = 4,
}
