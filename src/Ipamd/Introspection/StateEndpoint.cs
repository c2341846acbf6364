using System.Globalization;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Journal;
using Microsoft.AspNetCore.Http;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Introspection;

/// <summary><c>GET /v1/state?at=TIME</c>: the pool as it was at a moment (RFC 3339), rebuilt from the journal.</summary>
/// <remarks>Replays from the start of the journal on each call: it is a forensic view, not a hot path.</remarks>
internal static class StateEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, NodeJournal journal)
    {
        string? atText = context.Request.Query["at"];
        if (atText is null || !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            return Results.BadRequest(new { error = $"at='{atText}' is not a time; pass RFC 3339 such as at=2026-11-27T14:02:00Z" });
        }

        long atMicros = (at.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
        var pool = new NodePool();
        await foreach (JournalRecord record in journal.ReadAsync(0, null, context.RequestAborted).ConfigureAwait(false))
        {
            if (record.TimestampMicros > atMicros)
            {
                break;
            }

            PoolRecovery.Apply(pool, record);
        }

        return Results.Json(new
        {
            at,
            pool = IntrospectionViews.Pool(pool, at, readiness: null),
            enis = pool.GetEnis().Select(IntrospectionViews.Eni).ToList(),
            pods = pool.GetAllocations().Select(IntrospectionViews.Pod).ToList(),
        }, IntrospectionViews.Json);
    }
}
