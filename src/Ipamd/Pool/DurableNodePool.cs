using System.Threading.Channels;
using EsCni.Domain.Codec;
using EsCni.Journal;

namespace EsCni.Ipamd.Pool;

/// <summary>
/// The single writer of the node pool: decides commands one at a time, journals their events in
/// group-committed batches, and answers each caller only after its events are durable.
/// </summary>
/// <remarks>
/// Why one loop and not a lock around "decide, append, apply": two ADDs deciding concurrently would both see
/// the same free IP unless the first is applied before the second decides, and holding a lock across the
/// fdatasync would serialize every ADD behind one sync each. The loop decides and applies a whole batch in
/// memory (so each decision sees the previous ones), appends the batch as ONE journal write + ONE fdatasync,
/// then completes the batch's callers. A reader may see an allocation a moment before it is durable; no caller
/// is ever told about it before it is. A journal failure is fatal: the loop stops, every pending and later
/// caller gets <see cref="PoolUnavailableException"/>, and the host is asked to exit (never retry an fsync).
/// </remarks>
public sealed partial class DurableNodePool : IAsyncDisposable
{
    private const int MaxCommandsPerBatch = 512; // bounds one batch's bytes far below the journal's 1 MiB batch limit

    private readonly NodeJournal _journal;
    private readonly NodePool _pool; // guarded by _gate; mutated only by the loop
    private readonly Lock _gate = new();
    private readonly Channel<PendingCommand> _commands = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly int _snapshotEvery;
    private readonly Action<Exception> _onFatal;
    private readonly Task _loop;
    private long _eventsSinceSnapshot;
    private volatile Exception? _failure;

    /// <summary>Starts the writer loop over a pool rebuilt from <paramref name="journal"/>.</summary>
    /// <param name="journal">The open journal; the pool is its only writer from now on.</param>
    /// <param name="pool">The pool recovered from the same journal (snapshot + tail).</param>
    /// <param name="snapshotEvery">Events between two snapshots.</param>
    /// <param name="logger">Where batches, snapshots and failures are logged.</param>
    /// <param name="onFatal">Called once when the journal fails; the daemon stops.</param>
    public DurableNodePool(NodeJournal journal, NodePool pool, int snapshotEvery, ILogger logger, Action<Exception> onFatal)
    {
        _journal = journal;
        _pool = pool;
        _snapshotEvery = snapshotEvery;
        _logger = logger;
        _onFatal = onFatal;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The failure that stopped the pool, or null while it works.</summary>
    public Exception? Failure => _failure;

    /// <summary>The LSN of the last event applied (durable or about to be).</summary>
    public long LastLsn
    {
        get
        {
            lock (_gate)
            {
                return _pool.LastLsn;
            }
        }
    }

    /// <summary>Decides the command; when accepted, returns after its events are durable.</summary>
    /// <exception cref="PoolUnavailableException">The journal failed; the daemon is stopping.</exception>
    public Task<Decision> SubmitAsync(PoolCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_failure is { } failure)
        {
            return Task.FromException<Decision>(new PoolUnavailableException(failure));
        }

        var pending = new PendingCommand(command, cancellationToken);
        if (!_commands.Writer.TryWrite(pending))
        {
            return Task.FromException<Decision>(new PoolUnavailableException(_failure ?? new ObjectDisposedException(nameof(DurableNodePool))));
        }

        return pending.Completion.Task;
    }

    /// <summary>Runs a read against a consistent view of the pool; keep it short, it blocks the writer.</summary>
    public T Read<T>(Func<NodePool, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            return read(_pool);
        }
    }

    /// <summary>Stops accepting commands, finishes the ones queued, and writes a final snapshot.</summary>
    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_failure is null)
        {
            await WriteSnapshotAsync().ConfigureAwait(false);
        }
    }

    private sealed class PendingCommand(PoolCommand command, CancellationToken cancellationToken)
    {
        public PoolCommand Command { get; } = command;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<Decision> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Decision? Decision { get; set; }
    }
}
