namespace EsCni.Projections.WhatIf;

/// <summary>A pool's size over time as a step function: IPs allocated to pods and IPs held (secondary IPs on the node), with their totals.</summary>
/// <remarks>
/// Both the journal's actual pool and each simulated pool write one, so the report compares like with like. A point is
/// kept only when a count changes; means and IP-hours are time integrals over [<see cref="Start"/>, the end given to
/// <see cref="Close"/>], so a pool that sat at 30 IPs for a day counts 720 IP-hours however few events it saw.
/// </remarks>
public sealed class PoolTrace
{
    private readonly List<PoolPoint> _points = [];
    private double _heldSeconds;     // ∫ held dt, in IP·seconds
    private double _idleSeconds;     // ∫ (held − allocated) dt
    private DateTimeOffset _lastAt;
    private PoolPoint _last;

    /// <summary>Starts the trace at <paramref name="start"/> with the pool's counts then.</summary>
    public PoolTrace(DateTimeOffset start, int allocated, int held, int enis)
    {
        Start = start;
        _lastAt = start;
        _last = new PoolPoint(start, allocated, held, enis);
        _points.Add(_last);
        PeakHeld = held;
        PeakAllocated = allocated;
        PeakEnis = enis;
    }

    /// <summary>Where the trace begins.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Where it ends, once closed.</summary>
    public DateTimeOffset End { get; private set; }

    /// <summary>Every change, oldest first; the first point is the start.</summary>
    public IReadOnlyList<PoolPoint> Points => _points;

    /// <summary>Most secondary IPs held at once.</summary>
    public int PeakHeld { get; private set; }

    /// <summary>Most IPs allocated at once.</summary>
    public int PeakAllocated { get; private set; }

    /// <summary>Most ENIs attached at once (the primary included).</summary>
    public int PeakEnis { get; private set; }

    /// <summary>Time-weighted mean of IPs held.</summary>
    public double MeanHeld => Span > 0 ? _heldSeconds / Span : _last.Held;

    /// <summary>IP-hours held but not allocated: what the warm pool cost in addresses nobody used.</summary>
    public double IdleIpHours => _idleSeconds / 3600;

    private double Span => (End - Start).TotalSeconds;

    /// <summary>Records the counts at <paramref name="at"/> (no earlier than the last point).</summary>
    public void Record(DateTimeOffset at, int allocated, int held, int enis)
    {
        if (allocated == _last.Allocated && held == _last.Held && enis == _last.Enis)
        {
            return;
        }

        Advance(at);
        _last = new PoolPoint(at, allocated, held, enis);
        if (_points[^1].At == at)
        {
            _points[^1] = _last;
        }
        else
        {
            _points.Add(_last);
        }

        PeakHeld = Math.Max(PeakHeld, held);
        PeakAllocated = Math.Max(PeakAllocated, allocated);
        PeakEnis = Math.Max(PeakEnis, enis);
    }

    /// <summary>Ends the trace at <paramref name="end"/>, completing its integrals.</summary>
    public void Close(DateTimeOffset end)
    {
        Advance(end);
        End = end;
    }

    /// <summary>The counts in force at <paramref name="at"/>.</summary>
    public PoolPoint At(DateTimeOffset at)
    {
        int index = _points.BinarySearch(new PoolPoint(at, 0, 0, 0), PointTimeComparer.Instance);
        return _points[index >= 0 ? index : Math.Max(~index - 1, 0)];
    }

    private void Advance(DateTimeOffset at)
    {
        if (at <= _lastAt)
        {
            return;
        }

        double seconds = (at - _lastAt).TotalSeconds;
        _heldSeconds += seconds * _last.Held;
        _idleSeconds += seconds * Math.Max(_last.Held - _last.Allocated, 0);
        _lastAt = at;
    }

    private sealed class PointTimeComparer : IComparer<PoolPoint>
    {
        public static readonly PointTimeComparer Instance = new();

        public int Compare(PoolPoint x, PoolPoint y) => x.At.CompareTo(y.At);
    }
}
