using EsCni.Projections.WhatIf;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace EsCni.Replay.WhatIf;

/// <summary>Draws a what-if as an SVG with OxyPlot: IPs held and allocated above, free IPs below, ADDs with no free IP marked.</summary>
/// <remarks>
/// OxyPlot.Core's SvgExporter is pure managed code, so the plot renders on any node or laptop the CLI runs on (no
/// native Skia). The traces are step functions with thousands of changes over a day; each is reduced to
/// <see cref="Buckets"/> buckets keeping the bucket's worst value (most held, least free), so a short dip to zero free
/// IPs is still visible at any zoom.
/// </remarks>
public static class WhatIfPlot
{
    private const int Buckets = 288; // five-minute buckets over a day: calm enough to read, fine enough to show a rollout
    private const double MarkRow = -2; // failures sit just below the zero line, not on top of the traces that touch it
    private const int Width = 1400;
    private const int Height = 820;

    private static readonly OxyColor s_actual = OxyColor.FromRgb(0x55, 0x55, 0x55);
    private static readonly OxyColor[] s_palette =
    [
        OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xd6, 0x27, 0x28), OxyColor.FromRgb(0x2c, 0xa0, 0x2c),
        OxyColor.FromRgb(0xff, 0x7f, 0x0e), OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0x8c, 0x56, 0x4b),
    ];

    /// <summary>Writes the SVG to <paramref name="path"/>; <paramref name="title"/> names the node (or subnet).</summary>
    public static void Write(string path, string title, PoolTrace actual, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(outcomes);
        PlotModel model = Build(title, actual, outcomes);
        using FileStream stream = File.Create(path);
        new SvgExporter { Width = Width, Height = Height }.Export(model, stream);
    }

    /// <summary>The plot model (exposed for tests).</summary>
    public static PlotModel Build(string title, PoolTrace actual, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(outcomes);
        PlotModel model = new()
        {
            Title = "What-if: " + title,
            Subtitle = string.Create(CultureInfo.InvariantCulture,
                $"{ReplayFormat.Time(actual.Start)} to {ReplayFormat.Time(actual.End)}; each bucket of {ReplayFormat.Duration((actual.End - actual.Start) / Buckets)} shows its most held and least free"),
            Background = OxyColors.White,
            DefaultFont = "Arial",
            Padding = new OxyThickness(8, 24, 24, 8), // the SVG is measured with Arial metrics; viewers often draw wider fonts
        };
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.BottomCenter,
            LegendPlacement = LegendPlacement.Outside,
            LegendOrientation = LegendOrientation.Horizontal,
            LegendFontSize = 11,
            LegendItemSpacing = 72,
            LegendLineSpacing = 4,
        });
        bool longWindow = actual.End - actual.Start > TimeSpan.FromDays(2);
        model.Axes.Add(new DateTimeAxis
        {
            Position = AxisPosition.Bottom,
            StringFormat = longWindow ? "MM-dd" : "HH:mm",
            Title = "time (UTC)",
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xdd, 0xdd, 0xdd),
        });
        model.Axes.Add(Panel("held", "IPs held (dashed: actual; black: allocated)", 0.42, 1.0));
        LinearAxis free = Panel("free", "free IPs (▲ an ADD finds none)", 0.0, 0.36);
        free.Minimum = MarkRow - 1.5;
        model.Axes.Add(free);

        List<Sample> actualSamples = Downsample(actual);
        model.Series.Add(Steps("allocated to pods (actual)", "held", OxyColors.Black, 2.2, LineStyle.Solid, actualSamples.Select(s => (s.At, s.Allocated))));
        model.Series.Add(Steps("actual", "held", s_actual, 1.6, LineStyle.Dash, actualSamples.Select(s => (s.At, s.Held))));
        List<List<Sample>> scenarioSamples = outcomes.Select(o => Downsample(o.Trace)).ToList();
        for (int i = 0; i < outcomes.Count; i++)
        {
            model.Series.Add(Steps(outcomes[i].Scenario.Name, "held", Color(i), 1.6, LineStyle.Solid, scenarioSamples[i].Select(s => (s.At, s.Held))));
        }

        // One legend entry per settings set: its free IPs below share the colour of its held IPs above.
        model.Series.Add(Steps(null, "free", s_actual, 1.4, LineStyle.Dash, actualSamples.Select(s => (s.At, s.Free))));
        for (int i = 0; i < outcomes.Count; i++)
        {
            model.Series.Add(Steps(null, "free", Color(i), 1.4, LineStyle.Solid, scenarioSamples[i].Select(s => (s.At, s.Free))));
            if (outcomes[i].Waited.Count > 0)
            {
                ScatterSeries marks = new()
                {
                    Title = string.Create(CultureInfo.InvariantCulture, $"{outcomes[i].Scenario.Name}: {outcomes[i].Waited.Count} ADDs waited"),
                    YAxisKey = "free",
                    MarkerType = MarkerType.Triangle,
                    MarkerSize = 5,
                    MarkerFill = Color(i),
                    MarkerStroke = OxyColors.Black,
                    MarkerStrokeThickness = 0.5,
                };
                marks.Points.AddRange(outcomes[i].Waited.Select(w => new ScatterPoint(DateTimeAxis.ToDouble(w.At.UtcDateTime), MarkRow)));
                model.Series.Add(marks);
            }
        }

        return model;
    }

    private static LinearAxis Panel(string key, string title, double start, double end) => new()
    {
        Position = AxisPosition.Left,
        Key = key,
        Title = title,
        StartPosition = start,
        EndPosition = end,
        Minimum = -1,
        MinimumPadding = 0,
        MaximumPadding = 0.08,
        MajorGridlineStyle = LineStyle.Dot,
        MajorGridlineColor = OxyColor.FromRgb(0xdd, 0xdd, 0xdd),
    };

    private static StairStepSeries Steps(string? title, string axis, OxyColor color, double thickness, LineStyle style, IEnumerable<(DateTimeOffset At, int Value)> points)
    {
        StairStepSeries series = new() { Title = title, RenderInLegend = title is not null, YAxisKey = axis, Color = color, StrokeThickness = thickness, LineStyle = style, VerticalStrokeThickness = thickness };
        series.Points.AddRange(points.Select(p => new DataPoint(DateTimeAxis.ToDouble(p.At.UtcDateTime), p.Value)));
        return series;
    }

    private static OxyColor Color(int index) => s_palette[index % s_palette.Length];

    /// <summary>One value per bucket: the most allocated and held, the least free, over the bucket.</summary>
    private static List<Sample> Downsample(PoolTrace trace)
    {
        IReadOnlyList<PoolPoint> points = trace.Points;
        TimeSpan width = (trace.End - trace.Start) / Buckets;
        List<Sample> samples = new(Buckets + 1);
        if (width <= TimeSpan.Zero)
        {
            samples.Add(new Sample(trace.Start, points[^1].Allocated, points[^1].Held, points[^1].Free));
            return samples;
        }

        int next = 0;
        PoolPoint current = points[0];
        for (int b = 0; b < Buckets; b++)
        {
            DateTimeOffset bucketStart = trace.Start + (width * b);
            DateTimeOffset bucketEnd = bucketStart + width;
            while (next < points.Count && points[next].At <= bucketStart)
            {
                current = points[next++];
            }

            int allocated = current.Allocated, held = current.Held, free = current.Free;
            while (next < points.Count && points[next].At < bucketEnd)
            {
                current = points[next++];
                allocated = Math.Max(allocated, current.Allocated);
                held = Math.Max(held, current.Held);
                free = Math.Min(free, current.Free);
            }

            samples.Add(new Sample(bucketStart, allocated, held, free));
        }

        samples.Add(new Sample(trace.End, current.Allocated, current.Held, current.Free));
        return samples;
    }

    private readonly record struct Sample(DateTimeOffset At, int Allocated, int Held, int Free);
}
