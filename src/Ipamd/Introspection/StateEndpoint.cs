using System.Diagnostics.CodeAnalysis;
using EsCni.Domain;
using EsCni.Journal;
using EsCni.Projections.History;

namespace EsCni.Ipamd.Introspection;

/// <summary><c>GET /v1/state?at=TIME</c>: the pool as it was at a moment (RFC 3339), rebuilt from the journal.</summary>
/// <remarks>
/// The same point-in-time code as <c>escni-ipamd replay state --at</c> (newest snapshot at or before the moment, then
/// the tail), read through the journal this daemon owns under a read lease: a second reader of the directory would
/// list files that retention and snapshot pruning may delete before it reads them. The lease never blocks appends.
/// </remarks>
internal static class StateEndpoint
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static async Task<IResult> Handle(HttpContext context, NodeJournal journal)
    {
        string? atText = context.Request.Query["at"];
        if (atText is null || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            return Results.BadRequest(new { error = $"at='{atText}' is not a time; pass RFC 3339 such as at=2026-11-27T14:02:00Z" });
        }

        PoolState state = await StateAtAsync(journal, at, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new
        {
            at,
            lsn = state.Lsn,
            snapshotLsn = state.SnapshotLsn,
            eventsReplayed = state.EventsReplayed,
            pool = IntrospectionViews.Pool(state.Pool, at, readiness: null),
            enis = state.Pool.GetEnis().Select(IntrospectionViews.Eni).ToList(),
            pods = IntrospectionViews.Pods(state.Pool),
        }, IntrospectionViews.Json);
    }

    /// <summary>The pool at <paramref name="at"/>, read under a lease on the owning journal.</summary>
    public static async Task<PoolState> StateAtAsync(NodeJournal journal, DateTimeOffset at, CancellationToken ct)
    {
        using JournalReadLease lease = await journal.LeaseAsync(ct).ConfigureAwait(false);
        return PoolHistory.StateAt(lease, at);
    }
}
