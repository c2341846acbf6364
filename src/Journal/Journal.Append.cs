using System.Diagnostics;

namespace EsCni.Journal;

/// <summary>Append: callers queue batches; one writer loop group-commits them (one write + one fdatasync per group).</summary>
public sealed partial class Journal
{
    /// <summary>
    /// Appends a batch atomically (after a crash either all of it or none of it is there) and completes once it
    /// is fdatasynced. A batch whose event ids are all already in the journal returns their original LSNs with
    /// <see cref="AppendResult.Idempotent"/> set and writes nothing.
    /// </summary>
    /// <remarks>
    /// The writer loop reads <paramref name="batch"/> and its payloads until the returned task completes; do not
    /// change them before. Cancelling <paramref name="ct"/> abandons the wait, not the write: the batch may still
    /// become durable (retry it with the same ids to learn its LSNs).
    /// </remarks>
    /// <exception cref="ArgumentException">Empty batch, duplicate ids, or larger than <see cref="JournalOptions.MaxBatchBytes"/>.</exception>
    /// <exception cref="JournalException">Some but not all ids of the batch are already in the journal.</exception>
    /// <exception cref="JournalFailedException">The journal failed (write or fsync error); restart the process.</exception>
    public async ValueTask<AppendResult> AppendAsync(IReadOnlyList<JournalEntry> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfNotOpen();
        var pending = new PendingAppend(batch, ValidateBatch(batch), Stopwatch.GetTimestamp());
        if (!_appends.Writer.TryWrite(pending))
        {
            ThrowIfNotOpen();
            throw new ObjectDisposedException(nameof(Journal));
        }

        return await pending.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private int ValidateBatch(IReadOnlyList<JournalEntry> batch)
    {
        if (batch.Count == 0)
        {
            throw new ArgumentException("the batch is empty; append at least one JournalEntry", nameof(batch));
        }

        long bytes = 0;
        HashSet<Guid>? seen = batch.Count > 1 ? new HashSet<Guid>(batch.Count) : null;
        for (int i = 0; i < batch.Count; i++)
        {
            bytes += FrameCodec.FrameBytes(Math.Min(batch[i].Payload.Length, FrameCodec.MaxPayloadBytes + 1));
            if (seen is not null && !seen.Add(batch[i].EventId))
            {
                throw new ArgumentException($"event id {batch[i].EventId} appears twice in the batch (index {i}); give every event its own id", nameof(batch));
            }
        }

        if (bytes > _options.MaxBatchBytes)
        {
            throw new ArgumentException(
                $"the batch needs {bytes} bytes on disk, more than MaxBatchBytes ({_options.MaxBatchBytes}); split it (each event costs 48 bytes + payload, 8-aligned)",
                nameof(batch));
        }

        return (int)bytes;
    }

    private void ThrowIfNotOpen()
    {
        if (_state == JournalState.Failed)
        {
            throw new JournalFailedException($"journal {_directory} has failed ({_failure?.Message}); nothing more can be appended. Restart the process; recovery re-reads the disk", _failure!);
        }

        ObjectDisposedException.ThrowIf(_state == JournalState.Disposed, this);
    }

    private void StartWriterLoop() => _writerLoop = Task.Run(WriteLoopAsync);

    private async Task WriteLoopAsync()
    {
        byte[] buffer = new byte[_options.MaxBatchBytes];
        List<PendingAppend> group = [];
        try
        {
            while (await _appends.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                group.Clear();
                int used = FillGroup(buffer, group);
                CommitGroup(buffer.AsSpan(0, used), group);
            }
        }
        catch (Exception ex)
        {
            Fail(ex, group);
        }
    }

    /// <summary>Takes queued batches while they fit in one write and in the active segment; encodes them into <paramref name="buffer"/>.</summary>
    private int FillGroup(byte[] buffer, List<PendingAppend> group)
    {
        int used = 0;
        int lastFrame = -1;
        long nextLsn = _active.LastLsn + 1;
        while (_appends.Reader.TryPeek(out PendingAppend? next))
        {
            if (TryFindOriginal(next.Entries, out AppendResult original, out JournalException? partial))
            {
                _appends.Reader.TryRead(out _);
                next.Result = original;
                group.Add(next);
                continue;
            }

            if (partial is not null)
            {
                _appends.Reader.TryRead(out _);
                next.Completion.TrySetException(partial);
                continue;
            }

            if (used + next.FrameBytes > buffer.Length)
            {
                break;
            }

            if (used + next.FrameBytes > _active.Remaining())
            {
                if (used > 0)
                {
                    break; // commit what we have; the next group starts by rolling
                }

                RollSegment();
                nextLsn = _active.LastLsn + 1;
            }

            _appends.Reader.TryRead(out _);
            IReadOnlyList<JournalEntry> entries = next.Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                JournalEntry e = entries[i];
                FrameFlags flags = i == entries.Count - 1 ? FrameFlags.Commit : FrameFlags.None;
                var header = new FrameHeader(nextLsn, _active.Header.Salt, e.Type, flags, e.TimestampMicros, e.EventId, e.Payload.Length);
                lastFrame = used;
                used += FrameCodec.Encode(buffer.AsSpan(used), header, e.Payload.Span);
                _ids.Add(e.EventId, nextLsn);
                nextLsn++;
            }

            next.Result = new AppendResult(nextLsn - entries.Count, nextLsn - 1, Idempotent: false);
            group.Add(next);
        }

        if (lastFrame >= 0)
        {
            FrameCodec.AddFlags(buffer.AsSpan(lastFrame, used - lastFrame), FrameFlags.SyncEnd);
        }

        return used;
    }

    private bool TryFindOriginal(IReadOnlyList<JournalEntry> entries, out AppendResult original, out JournalException? partial)
    {
        original = default;
        partial = null;
        int found = 0;
        long first = 0;
        bool contiguous = true;
        for (int i = 0; i < entries.Count; i++)
        {
            if (_ids.TryGet(entries[i].EventId, out long lsn))
            {
                if (found == 0)
                {
                    first = lsn - i;
                }

                contiguous &= lsn == first + i;
                found++;
            }
        }

        if (found == 0)
        {
            return false;
        }

        if (found == entries.Count && contiguous)
        {
            original = new AppendResult(first, first + entries.Count - 1, Idempotent: true);
            return true;
        }

        partial = new JournalException(
            $"{found} of the batch's {entries.Count} event ids are already in the journal, but not as this same batch (first known id at LSN {first + 0}); "
            + "a retry must resend exactly the original batch, otherwise give the new events new ids");
        return false;
    }

    private void CommitGroup(ReadOnlySpan<byte> frames, List<PendingAppend> group)
    {
        if (frames.Length > 0)
        {
            long lastLsn = _active.LastLsn + CountEvents(group);
            TimeSpan sync = _active.WriteDurable(frames, lastLsn);
            _options.SyncLatency?.Invoke(sync);
            if (sync > _options.SlowSyncThreshold)
            {
                _options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.SlowSync,
                    $"fdatasync of {_active.Path} took {sync.TotalMilliseconds:F1} ms for {frames.Length} bytes (threshold {_options.SlowSyncThreshold.TotalMilliseconds} ms)", sync));
            }

            PublishDurable(_active.WriteOffset, lastLsn);
        }

        foreach (PendingAppend p in group)
        {
            _options.AppendLatency?.Invoke(Stopwatch.GetElapsedTime(p.StartTimestamp));
            p.Completion.TrySetResult(p.Result);
        }
    }

    private static long CountEvents(List<PendingAppend> group)
    {
        long count = 0;
        foreach (PendingAppend p in group)
        {
            count += p.Result.Idempotent ? 0 : p.Entries.Count;
        }

        return count;
    }

    private void PublishDurable(long endOffset, long lastLsn)
    {
        lock (_segmentsLock)
        {
            AssertInvariants();
            SegmentInfo active = _segments[^1];
            active.EndOffset = endOffset;
            active.LastLsn = lastLsn;
        }

        // Offsets first, then the LSN: a reader that sees the new LSN also sees where its frame ends.
        Volatile.Write(ref _lastLsn, lastLsn);
        Interlocked.Exchange(ref _durable, NewSignal()).TrySetResult();
    }

    /// <summary>Seals the full active segment (Seal frame + fdatasync) and starts the next one.</summary>
    private void RollSegment()
    {
        SegmentWriter old = _active;
        old.Seal(_options.NowMicros());
        SegmentWriter next = SegmentWriter.Create(_fs, _directory, old.LastLsn + 1, _incarnation, _options);
        lock (_segmentsLock)
        {
            AssertInvariants();
            _segments.Add(new SegmentInfo(next.Path, next.Header.BaseLsn, next.Header.Salt, next.WriteOffset, next.LastLsn));
        }

        _active = next;
        old.Dispose();
        _options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.SegmentRolled,
            $"journal segment {old.Path} sealed at LSN {old.LastLsn}; appending to {next.Path}"));
        _options.SegmentSealed?.Invoke(new JournalSegment(old.Path, old.Header.BaseLsn, old.LastLsn, old.Header.Salt, _incarnation, old.WriteOffset, Sealed: true));
    }

    /// <summary>An I/O error is final: after a failed fdatasync the page cache may have dropped the data, so nothing is retried.</summary>
    private void Fail(Exception error, List<PendingAppend> group)
    {
        _failure = error;
        _state = JournalState.Failed;
        _appends.Writer.TryComplete();
        var failed = new JournalFailedException(
            $"journal {_directory} failed: {error.Message}; the batch is not known to be durable. Restart the process; recovery re-reads the disk", error);
        foreach (PendingAppend p in group)
        {
            p.Completion.TrySetException(failed);
        }

        while (_appends.Reader.TryRead(out PendingAppend? p))
        {
            p.Completion.TrySetException(failed);
        }

        _options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.Failed, failed.Message));
        Interlocked.Exchange(ref _durable, NewSignal()).TrySetResult();
    }
}
