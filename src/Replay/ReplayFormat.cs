namespace EsCni.Replay;

/// <summary>How replay output spells times, durations, causes and pods in human tables.</summary>
public static class ReplayFormat
{
    /// <summary>UTC RFC 3339 with milliseconds only when present: "2026-11-27T14:02:00Z", "2026-11-27T14:02:00.250Z".</summary>
    public static string Time(DateTimeOffset at)
    {
        DateTime utc = at.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A time or "-".</summary>
    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "-";

    /// <summary>"90s", "15m", "2h30m", "1d2h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(2))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s");
        }

        if (span < TimeSpan.FromHours(2))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{(span.Seconds > 0 ? $"{span.Seconds}s" : string.Empty)}");
        }

        return span < TimeSpan.FromDays(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{(span.Minutes > 0 ? $"{span.Minutes}m" : string.Empty)}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{(span.Hours > 0 ? $"{span.Hours}h" : string.Empty)}");
    }

    /// <summary>"cni req-42", "warm-pool aws=abc token=xyz", "startup".</summary>
    public static string Cause(Cause cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        string kind = cause.Kind switch
        {
            CauseKind.CniRequest => "cni",
            CauseKind.Reconciler => "reconciler",
            CauseKind.WarmPool => "warm-pool",
            CauseKind.Operator => "operator",
            _ => "startup",
        };
        List<string> parts = [kind];
        if (cause.RequestId is not null)
        {
            parts.Add(cause.RequestId);
        }

        if (cause.AwsRequestId is not null)
        {
            parts.Add($"aws={cause.AwsRequestId}");
        }

        if (cause.ClientToken is not null)
        {
            parts.Add($"token={cause.ClientToken}");
        }

        return string.Join(' ', parts);
    }

    /// <summary>A number with invariant digits.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
