using System;
using System.Collections.Generic;
using System.Globalization;

namespace EsCni.Benchmarks.Journal;

/// <summary>Collects measurements and prints them as a Markdown table.</summary>
internal sealed class BenchReport
{
    private readonly List<(string System, string Name, double Value, string Unit)> _rows = [];
    private readonly List<(string Journal, string Marten, double Ratio)> _ratios = [];

    public void Add(string system, string name, double value, string unit)
    {
        _rows.Add((system, name, value, unit));
        Console.WriteLine($"  {system}: {name}: {Format(value)} {unit}");
    }

    /// <summary>Journal ÷ Marten for two rows measured in this run (for a latency, Marten ÷ journal: how many times faster).</summary>
    public void Ratio(string journalRow, string martenRow)
    {
        double journal = _rows.Find(r => r.System == "journal" && r.Name == journalRow).Value;
        (string _, string _, double marten, string unit) = _rows.Find(r => r.System == "marten" && r.Name == martenRow);
        _ratios.Add((journalRow, martenRow, unit == "ms" ? marten / journal : journal / marten));
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| system | measurement (median) | value | unit |");
        Console.WriteLine("|---|---|---:|---|");
        foreach ((string system, string name, double value, string unit) in _rows)
        {
            Console.WriteLine($"| {system} | {name} | {Format(value)} | {unit} |");
        }

        if (_ratios.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| journal row | Marten row | journal advantage |");
            Console.WriteLine("|---|---|---:|");
            foreach ((string journal, string marten, double ratio) in _ratios)
            {
                Console.WriteLine($"| {journal} | {marten} | {ratio.ToString("0.#", CultureInfo.InvariantCulture)}× |");
            }
        }
    }

    private static string Format(double value) => value >= 100
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);
}
