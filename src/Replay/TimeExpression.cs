using System.Diagnostics.CodeAnalysis;

namespace EsCni.Replay;

/// <summary>Parses the times the replay verbs accept: RFC 3339 ("2026-11-27T14:02:00Z") or relative to now ("-15m", "-2h", "-1d", "-30s", "now").</summary>
public static class TimeExpression
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>What to tell a user who typed something else.</summary>
    public const string Expected = "expected RFC 3339 (2026-11-27T14:02:00Z; no offset means UTC) or a relative time such as -15m, -2h, -1d, -30s or now";

    /// <summary>Parses <paramref name="text"/>; relative times count back from <paramref name="now"/>.</summary>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        error = null;
        string trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = now;
            return true;
        }

        if (trimmed.Length >= 3 && trimmed[0] == '-' && TryParseDuration(trimmed.AsSpan(1), out TimeSpan back))
        {
            value = now - back;
            return true;
        }

        if (DateTimeOffset.TryParseExact(trimmed, s_formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            return true;
        }

        error = $"'{text}' is not a time; {Expected}";
        return false;
    }

    private static bool TryParseDuration(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = default;
        if (!double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount) || amount < 0)
        {
            return false;
        }

        double seconds = char.ToLowerInvariant(text[^1]) switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 7 * 86400,
            _ => -1,
        };
        if (seconds < 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * seconds);
        return true;
    }
}
