using System.Globalization;

namespace EsCni.Bench.Shipping;

/// <summary>Percentiles and Markdown rows for the benchmark's output.</summary>
internal static class Stats
{
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int index = (int)Math.Ceiling(p / 100 * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }

    public static void Row(string system, string measurement, double value, string unit, string format = "N0") =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {system} | {measurement} | {value.ToString(format, CultureInfo.InvariantCulture)} | {unit} |"));
}
