namespace EsCni.ClusterStore.Shipping;

/// <summary>The result of restoring a lost journal tail from the cluster store.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="StreamKey">The stream found for this journal's incarnation, or null.</param>
/// <param name="LocalLsnBefore">The local journal's last LSN before the restore.</param>
/// <param name="RemoteLsn">The stream's version in PostgreSQL (0 when unknown).</param>
/// <param name="Restored">Events appended to the local journal.</param>
/// <param name="Message">One line for the log.</param>
public sealed record ClusterRestoreReport(ClusterRestoreOutcome Outcome, string? StreamKey, long LocalLsnBefore, long RemoteLsn, long Restored, string Message);
