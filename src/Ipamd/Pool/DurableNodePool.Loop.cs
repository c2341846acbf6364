using EsCni.Domain.Codec;
using EsCni.Journal;

namespace EsCni.Ipamd.Pool;

/// <summary>The writer loop: decide and apply a batch in memory, make it durable with one append, answer it.</summary>
public sealed partial class DurableNodePool
{
    private async Task RunAsync()
    {
        var batch = new List<PendingCommand>(MaxCommandsPerBatch);
        var entries = new List<JournalEntry>(MaxCommandsPerBatch);
        try
        {
            while (await _commands.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                entries.Clear();
                while (batch.Count < MaxCommandsPerBatch && _commands.Reader.TryRead(out PendingCommand? pending))
                {
                    batch.Add(pending);
                }

                long expectedFirstLsn = DecideAndApplyBatch(batch, entries);
                if (entries.Count > 0)
                {
                    AppendResult result = await _journal.AppendAsync(entries, CancellationToken.None).ConfigureAwait(false);
                    if (result.FirstLsn != expectedFirstLsn || result.LastLsn != expectedFirstLsn + entries.Count - 1 || result.Idempotent)
                    {
                        // Someone else wrote to the journal, or it deduplicated events we just decided: the in-memory
                        // pool no longer matches the disk. Stop rather than answer from a pool we cannot trust.
                        throw new InvalidOperationException(
                            $"the journal assigned LSNs {result.FirstLsn}..{result.LastLsn} (idempotent: {result.Idempotent}) to a batch "
                            + $"the pool applied as {expectedFirstLsn}..{expectedFirstLsn + entries.Count - 1}; only the daemon may write to its journal");
                    }
                }

                foreach (PendingCommand pending in batch)
                {
                    if (pending.Decision is { } decision)
                    {
                        pending.Completion.TrySetResult(decision);
                    }
                }

                _eventsSinceSnapshot += entries.Count;
                if (_eventsSinceSnapshot >= _snapshotEvery)
                {
                    await WriteSnapshotAsync().ConfigureAwait(false);
                }
            }
        }
#pragma warning disable CA1031 // Any failure here stops the pool; it is reported to every caller and to the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failure = ex;
            _commands.Writer.TryComplete();
            LogPoolFailed(ex);
            var unavailable = new PoolUnavailableException(ex);
            foreach (PendingCommand pending in batch)
            {
                pending.Completion.TrySetException(unavailable);
            }

            while (_commands.Reader.TryRead(out PendingCommand? pending))
            {
                pending.Completion.TrySetException(unavailable);
            }

            _onFatal(ex);
        }
    }

    /// <summary>
    /// Rules under <see cref="_gate"/>: the pool is never behind the journal (every durable event was applied), and it is
    /// ahead of it by at most the batch being appended, which the loop awaits before deciding the next one.
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void AssertInvariants()
    {
        System.Diagnostics.Debug.Assert(_pool.LastLsn == _journal.LastLsn, $"between batches the pool (LSN {_pool.LastLsn}) matches the journal (LSN {_journal.LastLsn})");
    }

    /// <summary>Decides each command against the pool as the previous ones left it; returns the first LSN used.</summary>
    private long DecideAndApplyBatch(List<PendingCommand> batch, List<JournalEntry> entries)
    {
        lock (_gate)
        {
            AssertInvariants();
            long firstLsn = _pool.LastLsn + 1;
            long nextLsn = firstLsn;
            foreach (PendingCommand pending in batch)
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }

                Decision decision = _pool.Decide(pending.Command);
                pending.Decision = decision;
                foreach (DomainEvent domainEvent in decision.Events)
                {
                    (ushort typeId, byte[] payload) = EventCodec.Encode(domainEvent);
                    entries.Add(new JournalEntry(domainEvent.EventId, typeId, (domainEvent.At.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond, payload));
                    _pool.Apply(new RecordedEvent(nextLsn++, domainEvent));
                }
            }

            return firstLsn;
        }
    }
}
