using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EsCni.Journal;
using EsCni.Journal.Storage;

namespace EsCni.Testing;

/// <summary>
/// An in-memory file system that keeps durable and written-but-unsynced state apart (LevelDB's
/// FaultInjectionTestEnv model). At an armed crash point it stops (tearing the write in progress), and
/// <see cref="AfterCrash"/> builds what a power cut could leave: each file's durable bytes plus an arbitrary
/// choice of its unsynced 512-byte sectors (none, all, a prefix, or a random scatter — pages reach the disk in
/// any order), and a prefix of the directory operations made since the last directory fsync.
/// </summary>
internal sealed class FaultInjectingFileSystem : IJournalFileSystem
{
    private const int Sector = 512;

    private readonly Dictionary<string, Node> _names;        // the directory as the process sees it
    private Dictionary<string, Node> _durableNames;         // the directory as of the last directory fsync
    private readonly List<Action<Dictionary<string, Node>>> _unsyncedDirOps = [];
    private readonly Random _rng;
    private long _stepsUntilCrash = -1;
    private bool _locked;

    public FaultInjectingFileSystem(int seed)
        : this(new Dictionary<string, Node>(), new Dictionary<string, Node>(), new Random(seed))
    {
    }

    private FaultInjectingFileSystem(Dictionary<string, Node> names, Dictionary<string, Node> durable, Random rng)
    {
        _names = names;
        _durableNames = durable;
        _rng = rng;
    }

    /// <summary>True once the crash point was reached.</summary>
    public bool Crashed { get; private set; }

    /// <summary>Mutating calls made so far (the unit crash points are counted in).</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// While true, a write or resize that would grow a file fails with ENOSPC, as on a full volume (writes inside
    /// already-allocated bytes, like a preallocated segment's, still succeed).
    /// </summary>
    public bool DiskFull { get; set; }

    /// <summary>Crash at the <paramref name="step"/>-th mutating call from now (1 = the next one).</summary>
    public void ArmCrash(long step) => _stepsUntilCrash = step;

    /// <summary>The state a reboot after a crash (now, or at the armed point) would find.</summary>
    public FaultInjectingFileSystem AfterCrash()
    {
        var durable = new Dictionary<string, Node>(_durableNames);
        int keepOps = _rng.Next(_unsyncedDirOps.Count + 1);
        for (int i = 0; i < keepOps; i++)
        {
            _unsyncedDirOps[i](durable);
        }

        var survivors = new Dictionary<Node, Node>();
        var names = new Dictionary<string, Node>();
        foreach ((string name, Node node) in durable)
        {
            if (!survivors.TryGetValue(node, out Node? survivor))
            {
                survivor = node.Survive(_rng);
                survivors[node] = survivor;
            }

            names[name] = survivor;
        }

        return new FaultInjectingFileSystem(names, new Dictionary<string, Node>(names), new Random(_rng.Next()));
    }

    /// <summary>The current bytes of a file (tests damage files through this).</summary>
    public byte[] Contents(string path) => _names[path].Current.ToArray();

    /// <summary>Replaces a file's bytes as durable (a test's deliberate damage).</summary>
    public void SetDurableContents(string path, byte[] bytes)
    {
        Node node = _names[path];
        node.Current = bytes.ToArray();
        node.Durable = bytes.ToArray();
    }

    public void CreateDirectory(string directory)
    {
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        ThrowIfCrashed();
        return _names.Keys.Where(p => Path.GetDirectoryName(p) == directory).Select(p => Path.GetFileName(p)!).ToList();
    }

    public IJournalFile Create(string path)
    {
        Step(null, 0, default);
        var node = new Node();
        _names[path] = node;
        _unsyncedDirOps.Add(d => d[path] = node);
        return new File(this, node);
    }

    public IJournalFile Open(string path, bool writable)
    {
        ThrowIfCrashed();
        return _names.TryGetValue(path, out Node? node)
            ? new File(this, node)
            : throw new FileNotFoundException($"no such file {path}", path);
    }

    public void Delete(string path)
    {
        Step(null, 0, default);
        _names.Remove(path);
        _unsyncedDirOps.Add(d => d.Remove(path));
    }

    public void Rename(string from, string to)
    {
        Step(null, 0, default);
        Node node = _names[from];
        _names.Remove(from);
        _names[to] = node;
        _unsyncedDirOps.Add(d =>
        {
            if (d.Remove(from, out Node? n))
            {
                d[to] = n;
            }
        });
    }

    public void SyncDirectory(string directory)
    {
        Step(null, 0, default);
        _durableNames = new Dictionary<string, Node>(_names);
        _unsyncedDirOps.Clear();
    }

    public IDisposable Lock(string directory)
    {
        ThrowIfCrashed();
        if (_locked)
        {
            throw new JournalLockedException(Path.Combine(directory, "LOCK"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _locked = true;
        return new Releaser(this);
    }

    private void ThrowIfCrashed()
    {
        if (Crashed)
        {
            throw new SimulatedCrashException("the simulated process has crashed");
        }
    }

    /// <summary>Counts a mutating call; at the crash point a write is torn (a random sector prefix applied) and the call throws.</summary>
    private void Step(Node? writeTarget, long offset, ReadOnlySpan<byte> data)
    {
        ThrowIfCrashed();
        Steps++;
        if (_stepsUntilCrash > 0 && --_stepsUntilCrash == 0)
        {
            Crashed = true;
            if (writeTarget is not null && data.Length > 0)
            {
                int sectors = (data.Length + Sector - 1) / Sector;
                int keep = Math.Min(data.Length, _rng.Next(sectors + 1) * Sector);
                writeTarget.Write(offset, data[..keep]);
            }

            throw new SimulatedCrashException($"simulated crash at step {Steps}");
        }
    }

    private sealed class Releaser(FaultInjectingFileSystem fs) : IDisposable
    {
        public void Dispose() => fs._locked = false;
    }

    /// <summary>An inode: durable bytes and the bytes the process sees.</summary>
    private void ThrowIfGrowsFullDisk(Node node, long newLength)
    {
        if (DiskFull && newLength > node.Current.Length)
        {
            throw new IOException("write failed: errno 28 (No space left on device)");
        }
    }

    private sealed class Node
    {
        public byte[] Durable { get; set; } = [];

        public byte[] Current { get; set; } = [];

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            if (offset + data.Length > Current.Length)
            {
                byte[] grown = new byte[offset + data.Length];
                Current.CopyTo(grown, 0);
                Current = grown;
            }

            data.CopyTo(Current.AsSpan((int)offset));
        }

        public void Sync() => Durable = Current.ToArray();

        /// <summary>Durable bytes plus some unsynced sectors: none, all, a prefix, or a random scatter.</summary>
        public Node Survive(Random rng)
        {
            int mode = rng.Next(4);
            int length = mode switch
            {
                0 => Durable.Length,
                1 => Current.Length,
                _ => rng.Next(2) == 0 ? Durable.Length : Current.Length,
            };
            byte[] result = new byte[length];
            Durable.AsSpan(0, Math.Min(Durable.Length, length)).CopyTo(result);
            int cutoff = rng.Next(length / Sector + 1);
            for (int s = 0; s * Sector < length; s++)
            {
                int start = s * Sector;
                int end = Math.Min(length, start + Sector);
                bool differs = end > Durable.Length || end > Current.Length
                    || !Durable.AsSpan(start, end - start).SequenceEqual(Current.AsSpan(start, end - start));
                if (!differs)
                {
                    continue;
                }

                bool keep = mode switch
                {
                    0 => false,
                    1 => true,
                    2 => s < cutoff,
                    _ => rng.Next(2) == 0,
                };
                if (keep && start < Current.Length)
                {
                    Current.AsSpan(start, Math.Min(end, Current.Length) - start).CopyTo(result.AsSpan(start));
                }
            }

            return new Node { Durable = result, Current = result.ToArray() };
        }
    }

    private sealed class File(FaultInjectingFileSystem fs, Node node) : IJournalFile
    {
        public long Length => node.Current.Length;

        public int Read(long offset, Span<byte> buffer)
        {
            fs.ThrowIfCrashed();
            if (offset >= node.Current.Length)
            {
                return 0;
            }

            int n = (int)Math.Min(buffer.Length, node.Current.Length - offset);
            node.Current.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            fs.ThrowIfGrowsFullDisk(node, offset + data.Length);
            fs.Step(node, offset, data);
            node.Write(offset, data);
        }

        public void SetLength(long length)
        {
            fs.ThrowIfGrowsFullDisk(node, length);
            fs.Step(null, 0, default);
            byte[] resized = new byte[length];
            node.Current.AsSpan(0, (int)Math.Min(length, node.Current.Length)).CopyTo(resized);
            node.Current = resized;
        }

        public void DataSync()
        {
            fs.Step(null, 0, default);
            node.Sync();
        }

        public void Sync()
        {
            fs.Step(null, 0, default);
            node.Sync();
        }

        public void Dispose()
        {
        }
    }
}
