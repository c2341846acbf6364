namespace EsCni.Journal.Writing;

/// <summary>Event id → LSN for idempotent retries: every id after the newest snapshot, plus the most recent <c>window</c> ids.</summary>
/// <remarks>
/// Ids after the newest snapshot must stay because a caller rebuilding from that snapshot may retry any of
/// them; older ones are kept only while the window has room (KurrentDB keeps a similar recent-id cache).
/// Only the writer loop (or recovery, before it starts) calls <see cref="Add"/> and <see cref="TryGet"/>.
/// </remarks>
internal sealed class IdempotencyIndex
{
    private readonly Dictionary<Guid, long> _lsnById = [];
    private readonly Queue<(Guid Id, long Lsn)> _order = new();
    private readonly int _window;
    private long _snapshotLsn; // ids at or below it may be evicted; written by snapshot writers, read by the writer loop

    /// <summary>Creates an index that keeps at least <paramref name="window"/> recent ids.</summary>
    public IdempotencyIndex(int window) => _window = window;

    /// <summary>Ids currently remembered.</summary>
    public int Count => _lsnById.Count;

    /// <summary>Records that <paramref name="id"/> was written at <paramref name="lsn"/>.</summary>
    public void Add(Guid id, long lsn)
    {
        _lsnById[id] = lsn;
        _order.Enqueue((id, lsn));
        long evictable = Volatile.Read(ref _snapshotLsn);
        while (_order.Count > _window && _order.Peek().Lsn <= evictable)
        {
            (Guid old, long oldLsn) = _order.Dequeue();
            if (_lsnById.TryGetValue(old, out long current) && current == oldLsn)
            {
                _lsnById.Remove(old);
            }
        }
    }

    /// <summary>The LSN <paramref name="id"/> was written at, if remembered.</summary>
    public bool TryGet(Guid id, out long lsn) => _lsnById.TryGetValue(id, out lsn);

    /// <summary>Lets ids at or below <paramref name="lsn"/> (covered by a durable snapshot) leave once the window is full.</summary>
    public void SetSnapshotLsn(long lsn)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _snapshotLsn);
            if (lsn <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _snapshotLsn, lsn, current) != current);
    }
}
