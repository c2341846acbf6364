namespace EsCni.Journal.Storage;

/// <summary>An open journal file: positional reads and writes plus the two kinds of sync.</summary>
internal interface IJournalFile : IDisposable
{
    /// <summary>Current size in bytes.</summary>
    public long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count (0 at end of file).</summary>
    public int Read(long offset, Span<byte> buffer);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/> (not durable until a sync).</summary>
    public void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Truncates or extends the file.</summary>
    public void SetLength(long length);

    /// <summary>fdatasync: data and the metadata needed to read it back are durable.</summary>
    public void DataSync();

    /// <summary>fsync: data and all metadata are durable.</summary>
    public void Sync();
}
