namespace EsCni.Replay;

/// <summary>A plain aligned text table: upper-case headings, columns padded to their widest cell, two spaces apart.</summary>
/// <remarks>Plain text on purpose: it survives copying into tickets and grepping, which colored boxes do not.</remarks>
public sealed class TextTable
{
    private readonly string[] _headings;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with these column headings.</summary>
    public TextTable(params string[] headings)
    {
        _headings = headings;
    }

    /// <summary>Rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row; missing cells are blank, extra cells are an error.</summary>
    public void Add(params string?[] cells)
    {
        if (cells.Length > _headings.Length)
        {
            throw new ArgumentException($"row has {cells.Length} cells but the table has {_headings.Length} columns", nameof(cells));
        }

        string[] row = new string[_headings.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length ? cells[i] ?? string.Empty : string.Empty;
        }

        _rows.Add(row);
    }

    /// <summary>Writes the headings and rows.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int[] widths = new int[_headings.Length];
        for (int i = 0; i < widths.Length; i++)
        {
            widths[i] = Math.Max(_headings[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length));
        }

        WriteRow(writer, _headings, widths);
        foreach (string[] row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        System.Text.StringBuilder line = new();
        for (int i = 0; i < cells.Length; i++)
        {
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }
}
