using System.Diagnostics;
using System.Threading.Channels;

namespace EsCni.Journal;

/// <summary>
/// The durable node-local journal, opened for append: one process holds its LOCK, recovery runs at open, and
/// every append completes only once fdatasynced. For reading without the lock (CLI, copies) use
/// <see cref="JournalReader"/>; a directory is opened either way, never both by the same caller.
/// </summary>
public sealed partial class Journal : IAsyncDisposable
{
    private readonly string _directory;
    private readonly JournalOptions _options;
    private readonly IJournalFileSystem _fs;
    private readonly IDisposable _lock;
    private readonly Guid _incarnation;
    private readonly IdempotencyIndex _ids;
    private readonly Channel<PendingAppend> _appends = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _segmentsLock = new();
    private readonly List<SegmentInfo> _segments; // guarded by _segmentsLock; the last one is active
    private readonly SemaphoreSlim _maintenance = new(1, 1); // serialises snapshot writes and retention
    private readonly List<string> _snapshotWarnings = [];
    private SegmentWriter _active;                 // writer loop only (and recovery before it starts)
    private Task _writerLoop = Task.CompletedTask;
    private TaskCompletionSource _durable = NewSignal(); // completed and replaced after each durable group
    private long _lastLsn;
    private volatile JournalState _state;
    private Exception? _failure;
    private int _disposed;

    private Journal(string directory, JournalOptions options, IDisposable directoryLock, Guid incarnation, IdempotencyIndex ids,
        List<SegmentInfo> segments, SegmentWriter active, RecoveryReport recovery)
    {
        _directory = directory;
        _options = options;
        _fs = options.FileSystem;
        _lock = directoryLock;
        _incarnation = incarnation;
        _ids = ids;
        _segments = segments;
        _active = active;
        _lastLsn = recovery.LastLsn;
        Recovery = recovery;
        _snapshotWarnings.AddRange(recovery.SnapshotWarnings);
    }

    /// <summary>What recovery found and repaired when the journal was opened.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>The last durable LSN (0 when empty).</summary>
    public long LastLsn => Volatile.Read(ref _lastLsn);

    /// <summary>Lowest LSN still on disk (segments below may have been deleted by retention).</summary>
    public long FirstLsn
    {
        get
        {
            lock (_segmentsLock)
            {
                AssertInvariants();
                return _segments[0].BaseLsn;
            }
        }
    }

    /// <summary>Open, Failed or Disposed.</summary>
    public JournalState State => _state;

    /// <summary>The write or fsync error that failed the journal, or null.</summary>
    public Exception? Failure => _failure;

    /// <summary>The journal's incarnation id (random at creation, the same in every segment).</summary>
    public Guid Incarnation => _incarnation;

    /// <summary>The directory the journal lives in.</summary>
    public string Directory => _directory;

    /// <summary>Snapshot files found unreadable so far (at recovery or by <see cref="TryReadNewestSnapshot(long, out Snapshot?)"/>).</summary>
    public IReadOnlyList<string> SnapshotWarnings
    {
        get
        {
            lock (_snapshotWarnings)
            {
                return _snapshotWarnings.ToArray();
            }
        }
    }

    /// <summary>
    /// Opens (creating if needed) the journal in <paramref name="directory"/> for append: takes LOCK, removes
    /// temp files, verifies every segment, cuts a torn tail into a .broken file, and starts the writer loop.
    /// </summary>
    /// <exception cref="JournalLockedException">Another process (pid in the message) holds the lock.</exception>
    /// <exception cref="JournalCorruptException">Damage other than a torn tail; the message names file, offset and LSN.</exception>
    public static ValueTask<Journal> OpenAsync(string directory, JournalOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ct.ThrowIfCancellationRequested();
        // Recovery is synchronous file I/O; run it off the caller's thread so an event loop is not blocked.
        return new ValueTask<Journal>(Task.Run(() => Open(Path.GetFullPath(directory), options), ct));
    }

    private static Journal Open(string directory, JournalOptions options)
    {
        long started = Stopwatch.GetTimestamp();
        IJournalFileSystem fs = options.FileSystem;
        fs.CreateDirectory(directory);
        IDisposable directoryLock = fs.Lock(directory);
        try
        {
            return Recover(directory, options, directoryLock, started);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>The rules of the segment list; call first in every section that holds <c>_segmentsLock</c>.</summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(_segmentsLock), "the caller holds _segmentsLock");
        Debug.Assert(_segments.Count > 0, "there is always an active segment");
        for (int i = 1; i < _segments.Count; i++)
        {
            Debug.Assert(_segments[i].BaseLsn == _segments[i - 1].LastLsn + 1, "segments chain: each base LSN follows the previous segment's last LSN");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Drains queued appends, stops the writer loop, closes files and releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _appends.Writer.TryComplete();
        try
        {
            await _writerLoop.ConfigureAwait(false);
        }
        finally
        {
            if (_state != JournalState.Failed)
            {
                _state = JournalState.Disposed;
            }

            _active.Dispose();
            _lock.Dispose();
            _maintenance.Dispose();
            Interlocked.Exchange(ref _durable, NewSignal()).TrySetResult();
        }
    }

    /// <summary>What readers need to know about one segment file.</summary>
    private sealed class SegmentInfo(string path, long baseLsn, uint salt, long endOffset, long lastLsn)
    {
        public string Path { get; } = path;

        public long BaseLsn { get; } = baseLsn;

        public uint Salt { get; } = salt;

        /// <summary>End of durable frames; grows for the active segment (published before <see cref="Journal.LastLsn"/>).</summary>
        public long EndOffset { get; set; } = endOffset;

        public long LastLsn { get; set; } = lastLsn;
    }
}
