using System.Runtime.CompilerServices;

namespace EsCni.Journal;

/// <summary>Reading durable records: a snapshot read, an allocation-free fast path, and a live subscription.</summary>
public sealed partial class Journal
{
    /// <summary>Durable records with <paramref name="afterLsn"/> &lt; LSN ≤ <paramref name="toLsn"/> (default: the last durable LSN now).</summary>
    /// <remarks>Synchronous: records are read with blocking file reads, so there is nothing to await.</remarks>
    /// <param name="afterLsn">Records after this LSN.</param>
    /// <param name="toLsn">Up to this LSN; default the last durable one when the enumeration starts.</param>
    /// <param name="ct">Checked between records.</param>
    /// <exception cref="JournalException">Records after <paramref name="afterLsn"/> were already deleted by retention.</exception>
    public IEnumerable<JournalRecord> Read(long afterLsn, long? toLsn = null, CancellationToken ct = default)
    {
        long to = Math.Min(toLsn ?? LastLsn, LastLsn);
        IReadOnlyList<SegmentRange> ranges = RangesFrom(afterLsn);
        return Checked(RecordReader.Enumerate(_fs, ranges, afterLsn, to), ct);
    }

    private static IEnumerable<JournalRecord> Checked(IEnumerable<JournalRecord> records, CancellationToken ct)
    {
        foreach (JournalRecord record in records)
        {
            ct.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    /// <summary>
    /// Reads records after <paramref name="afterLsn"/> synchronously with no per-record allocation (the fastest
    /// full replay). <see cref="JournalRecord.Payload"/> is only valid during the callback. Returns the count.
    /// </summary>
    public long ReadAll(long afterLsn, Action<JournalRecord> onRecord, long? toLsn = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        long to = Math.Min(toLsn ?? LastLsn, LastLsn);
        return RecordReader.ReadAll(_fs, RangesFrom(afterLsn), afterLsn, to, onRecord);
    }

    /// <summary>
    /// As <see cref="ReadAll"/>, but stops at the first record <paramref name="onRecord"/> returns false for (e.g. the
    /// first event after a point in time), reading nothing further. Returns how many records it returned true for.
    /// </summary>
    public long ReadWhile(long afterLsn, Func<JournalRecord, bool> onRecord, long? toLsn = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        long to = Math.Min(toLsn ?? LastLsn, LastLsn);
        return RecordReader.ReadWhile(_fs, RangesFrom(afterLsn), afterLsn, to, onRecord);
    }

    /// <summary>
    /// Live subscription: records after <paramref name="afterLsn"/>, then one <see cref="JournalMessageKind.CaughtUp"/>,
    /// then each new record as soon as it is durable. Ends when the journal is disposed; throws if it fails.
    /// </summary>
    public async IAsyncEnumerable<JournalMessage> SubscribeAsync(long afterLsn, [EnumeratorCancellation] CancellationToken ct)
    {
        long position = afterLsn;
        bool caughtUp = false;
        while (true)
        {
            Task durable = Volatile.Read(ref _durable).Task; // taken before LastLsn so no commit slips between
            long last = LastLsn;
            if (last > position)
            {
                foreach (JournalRecord record in RecordReader.Enumerate(_fs, RangesFrom(position), position, last))
                {
                    ct.ThrowIfCancellationRequested();
                    position = record.Lsn;
                    yield return new JournalMessage(JournalMessageKind.Record, record, record.Lsn);
                }

                continue;
            }

            if (!caughtUp)
            {
                caughtUp = true;
                yield return new JournalMessage(JournalMessageKind.CaughtUp, default, position);
            }

            if (_state == JournalState.Failed)
            {
                ThrowIfNotOpen();
            }

            if (_state == JournalState.Disposed)
            {
                yield break;
            }

            await durable.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<SegmentRange> RangesFrom(long afterLsn)
    {
        lock (_segmentsLock)
        {
            AssertInvariants();
            if (afterLsn < _segments[0].BaseLsn - 1)
            {
                throw new JournalException(
                    $"records after LSN {afterLsn} are no longer in journal {_directory}: retention deleted segments below LSN {_segments[0].BaseLsn}; "
                    + "start from the newest snapshot (TryReadNewestSnapshot) and read after its LSN");
            }

            List<SegmentRange> ranges = new(_segments.Count);
            foreach (SegmentInfo s in _segments)
            {
                if (s.LastLsn > afterLsn)
                {
                    ranges.Add(new SegmentRange(s.Path, s.BaseLsn, s.Salt, s.EndOffset, s.LastLsn));
                }
            }

            return ranges;
        }
    }
}
