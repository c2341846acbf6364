using EsCni.Journal;
using EsCni.Projections.Ownership;

namespace EsCni.Ipamd.Hosting;

/// <summary>
/// Keeps the who-had indexes (<see cref="OwnershipIndexes.All"/>: <c>.ipv4</c>, <c>.ipv6</c>) of every sealed journal segment, so <c>replay who-had</c>
/// reads a few frames per segment instead of the whole history: one pass when the daemon starts (segments sealed by an
/// older build, indexes lost or damaged) and one after each seal, on a background thread, one pass at a time.
/// </summary>
/// <remarks>
/// The index is derived data: a pass that fails is logged and costs only who-had speed (it scans that segment), never
/// an event. It reads through a <see cref="JournalReader"/>, which is safe beside the appending journal.
/// </remarks>
internal sealed partial class SegmentIndexing(string journalDirectory, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;
    private bool _busy;
    private bool _again;

    /// <summary>The journal's <see cref="JournalOptions.SegmentSealed"/> hook: returns at once.</summary>
    public void OnSealed(JournalSegment segment) => Request();

    /// <summary>Starts a pass, or asks the running one to go once more (a seal during a pass is never missed).</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_busy)
            {
                _again = true;
                return;
            }

            _busy = true;
            _running = Task.Run(Passes);
        }
    }

    /// <summary>The passes running now, including any asked for while they run (completed when idle).</summary>
    internal Task Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Stops after the segment being indexed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task running;
        lock (_gate)
        {
            running = _running;
        }

        await running.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Passes()
    {
        while (true)
        {
            Pass();
            lock (_gate)
            {
                if (!_again || _stop.IsCancellationRequested)
                {
                    _busy = false;
                    return;
                }

                _again = false;
            }
        }
    }

    private void Pass()
    {
        try
        {
            int written = JournalReader.Open(journalDirectory).WriteIndexes(OwnershipIndexes.All, _stop.Token);
            if (written > 0)
            {
                LogWritten(logger, written, journalDirectory);
            }

            // A pass reads segment and index files through buffers of tens of MB that are garbage once it ends; give
            // them back, as after recovery, so the daemon's footprint is its pool's (RSS: docs/benchmarks.md).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (OperationCanceledException)
        {
            // shutting down; the next start indexes what is left
        }
#pragma warning disable CA1031 // derived data: whatever fails here costs who-had speed, never an event, so the daemon keeps serving
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, journalDirectory, ex);
        }
    }

    [LoggerMessage(EventId = LogEventIds.SegmentIndexesWritten, Level = LogLevel.Information, Message = "who-had IP index written for {Count} sealed journal segment(s) in {Directory}")]
    private static partial void LogWritten(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = LogEventIds.SegmentIndexesFailed, Level = LogLevel.Warning, Message = "who-had IP index of the journal in {Directory} not written (derived data: who-had scans those segments instead; the next seal or restart tries again)")]
    private static partial void LogFailed(ILogger logger, string directory, Exception exception);
}
