using System;
using EsCni.Replay;

namespace EsCni.Replay.Tests;

public sealed class TimeExpressionTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-27T14:02:00Z", "2026-11-27T14:02:00+00:00")]
    [InlineData("2026-11-27T16:02:00+02:00", "2026-11-27T14:02:00+00:00")]
    [InlineData("2026-11-27T14:02:00.250Z", "2026-11-27T14:02:00.2500000+00:00")]
    [InlineData("2026-11-27 14:02:00Z", "2026-11-27T14:02:00+00:00")]
    [InlineData("2026-11-27T14:02:00", "2026-11-27T14:02:00+00:00")]
    [InlineData("-15m", "2026-11-27T13:45:00+00:00")]
    [InlineData("-2h", "2026-11-27T12:00:00+00:00")]
    [InlineData("-1d", "2026-11-26T14:00:00+00:00")]
    [InlineData("-90s", "2026-11-27T13:58:30+00:00")]
    [InlineData("-1.5h", "2026-11-27T12:30:00+00:00")]
    [InlineData("now", "2026-11-27T14:00:00+00:00")]
    public void TryParse_ValidText_GivesTheInstant(string text, string expected)
    {
        Assert.True(TimeExpression.TryParse(text, s_now, out DateTimeOffset value, out string? error), error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("-15")]
    [InlineData("-15x")]
    [InlineData("15m")]
    [InlineData("2026-13-01T00:00:00Z")]
    public void TryParse_InvalidText_ExplainsWhatIsExpected(string text)
    {
        Assert.False(TimeExpression.TryParse(text, s_now, out _, out string? error));
        Assert.Contains("RFC 3339", error);
        Assert.Contains("-15m", error);
    }
}
