namespace EsCni.Projections.Replay;

/// <summary>Which records a replay reads: afterLsn &lt; LSN ≤ toLsn, and, when <see cref="Until"/> is set, only events at or before that time.</summary>
/// <param name="AfterLsn">Read records after this LSN (0 = from the start).</param>
/// <param name="ToLsn">Read up to and including this LSN (null = to the end).</param>
/// <param name="Until">Stop at the first record stamped after this time (null = no time limit).</param>
public readonly record struct ReplayRange(long AfterLsn = 0, long? ToLsn = null, DateTimeOffset? Until = null)
{
    /// <summary>The whole journal.</summary>
    public static ReplayRange All => default;
}
