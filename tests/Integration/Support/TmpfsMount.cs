using System.Globalization;

namespace EsCni.Integration.Support;

/// <summary>A small tmpfs mounted for one test (the journal's "disk"): fill it, remount it read-only, unmounted on dispose.</summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly string _filler;

    private TmpfsMount(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    public static TmpfsMount Create(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        NetworkNamespace.Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m,mode=0755"), "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Writes a filler file until the file system says ENOSPC; returns the bytes it took.</summary>
    public long Fill()
    {
        long written = 0;
        byte[] chunk = new byte[64 << 10];
        Array.Fill(chunk, (byte)0xAB);
        try
        {
            using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            while (true)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: the point. Smaller writes take the last partial pages too.
        }

        try
        {
            using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            while (true)
            {
                stream.Write(chunk, 0, 512);
                written += 512;
            }
        }
        catch (IOException)
        {
        }

        return written;
    }

    public void Free() => File.Delete(_filler);

    public void RemountReadOnly() => NetworkNamespace.Run("mount", "-o", "remount,ro", Path);

    public void RemountWritable() => NetworkNamespace.Run("mount", "-o", "remount,rw", Path);

    public void Dispose()
    {
        NetworkNamespace.TryRun("umount", "-l", Path);
    }
}
