using System.Diagnostics.CodeAnalysis;
using EsCni.Domain;
using EsCni.Domain.Codec;
using EsCni.Journal;

namespace EsCni.Ipamd.Introspection;

/// <summary><c>GET /v1/events?since=LSN&amp;limit=N</c>: journal events after an LSN, decoded, oldest first, read under a <see cref="JournalReadLease"/>.</summary>
internal static class EventsEndpoint
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static async Task<IResult> HandleAsync(HttpContext context, NodeJournal journal)
    {
        string? sinceText = context.Request.Query["since"];
        string? limitText = context.Request.Query["limit"];
        long since = 0;
        int limit = DefaultLimit;
        if (sinceText is not null && (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since)))
        {
            return Results.BadRequest(new { error = $"since='{sinceText}' is not an LSN; pass a whole number such as since=0" });
        }

        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            return Results.BadRequest(new { error = $"limit='{limitText}' must be a whole number from 1 to {MaxLimit}" });
        }

        // Under a read lease: retention must not delete a segment this request is about to read.
        var events = new List<object>(Math.Min(limit, 1024));
        using (JournalReadLease lease = await journal.LeaseAsync(context.RequestAborted).ConfigureAwait(false))
        {
            lease.ReadWhile(since, record =>
            {
                events.Add(ToView(record));
                return events.Count < limit && !context.RequestAborted.IsCancellationRequested;
            }, toLsn: since > long.MaxValue - limit ? long.MaxValue : since + limit);
        }

        return Results.Json(events, IntrospectionViews.Json);
    }

    /// <summary>One event as JSON: its LSN, type name and fields, or the decode error for an unreadable one.</summary>
    public static object ToView(in JournalRecord record)
    {
        DecodeResult decoded = EventCodec.Decode(record.Type, record.Payload.Span);
        return decoded.IsOk
            ? new { lsn = record.Lsn, type = decoded.Event.GetType().Name, @event = (object)decoded.Event }
            : new { lsn = record.Lsn, type = $"unknown({record.Type})", @event = (object)new { error = decoded.Error } };
    }
}
