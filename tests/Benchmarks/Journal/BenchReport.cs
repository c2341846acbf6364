using System;
using System.Collections.Generic;
using System.Globalization;

namespace EsCni.Benchmarks.Journal;

/// <summary>Collects measurements and prints them as a Markdown table.</summary>
internal sealed class BenchReport
{
    private readonly List<(string System, string Name, double Value, string Unit)> _rows = [];

    public void Add(string system, string name, double value, string unit)
    {
        _rows.Add((system, name, value, unit));
        Console.WriteLine($"  {system}: {name}: {Format(value)} {unit}");
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
    }

    private static string Format(double value) => value >= 100
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);
}
