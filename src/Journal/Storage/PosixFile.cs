using Microsoft.Win32.SafeHandles;

namespace EsCni.Journal.Storage;

/// <summary>An open file on the real file system, read and written with positional I/O.</summary>
internal sealed class PosixFile : IJournalFile
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;

    /// <summary>Wraps an open handle.</summary>
    public PosixFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    /// <inheritdoc />
    public long Length => RandomAccess.GetLength(_handle);

    /// <inheritdoc />
    public int Read(long offset, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

    /// <inheritdoc />
    public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

    /// <inheritdoc />
    public void DataSync() => PosixFileSystem.SyncHandle(_handle, _path, dataOnly: true);

    /// <inheritdoc />
    public void Sync() => PosixFileSystem.SyncHandle(_handle, _path, dataOnly: false);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
