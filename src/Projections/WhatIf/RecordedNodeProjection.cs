using System.Globalization;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Projections.Ec2;

namespace EsCni.Projections.WhatIf;

/// <summary>Folds a node's journal into the <see cref="RecordedNode"/> of one window, for <c>replay what-if</c> (src/Replay/WhatIf replays it).</summary>
/// <remarks>
/// The real pool is rebuilt event by event (the same <see cref="NodePool.Apply"/> the daemon recovers with), so "what
/// actually happened" is the journal's own pool, sampled after every event in the window. Without <c>--from</c> the
/// window opens at the first NodeStarted, the daemon's first start, and the what-if starts as cold as the real node did.
/// EC2's behaviour is learnt from the whole journal, not only the window: more calls, a steadier median.
/// </remarks>
public sealed class RecordedNodeProjection(DateTimeOffset? from, DateTimeOffset? to) : IProjection
{
    private readonly NodePool _pool = new();
    private readonly Ec2Behaviour _ec2 = new();
    private readonly List<DemandEvent> _demand = [];
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private IReadOnlyList<Allocation> _live = [];
    private PoolTrace? _trace;
    private NodeInfo? _node;
    private EniInfo? _primary;
    private DateTimeOffset _start;
    private DateTimeOffset _lastAt;
    private bool _cold;
    private bool _ended;
    private int _enisCreated;

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        DomainEvent e = recorded.Event;
        _ec2.Observe(e);
        if (_ended || (to is { } end && e.At > end))
        {
            _ended = true;
            return;
        }

        if (_trace is null && (from is { } start ? e.At >= start : e is NodeStarted))
        {
            Begin(from ?? e.At);
        }

        _pool.Apply(recorded);
        _lastAt = e.At;
        if (_trace is null)
        {
            return;
        }

        _node ??= _pool.Node;
        if (_primary is null && e is EniAttached { DeviceIndex: 0 })
        {
            _primary = _pool.GetEnis().FirstOrDefault(x => x.DeviceIndex == 0);
        }

        switch (e)
        {
            case IpAllocated a:
                _demand.Add(new DemandEvent(a.At, a.Key, a.Pod, a.Netns, default));
                break;
            case IpAdopted a:
                _demand.Add(new DemandEvent(a.At, a.Key, a.Pod, string.Empty, default));
                break;
            case IpReleased r:
                _demand.Add(new DemandEvent(r.At, r.Key, null, string.Empty, r.Reason));
                break;
            case EniCreated:
                _enisCreated++;
                break;
        }

        if (Ec2CallOfEvent.Of(e) is { Kind: Ec2CallStepKind.Intent or Ec2CallStepKind.Whole } step)
        {
            _calls[step.Api] = _calls.GetValueOrDefault(step.Api) + 1;
        }

        PoolCounts counts = _pool.GetCounts(e.At);
        _trace.Record(e.At, counts.Allocated, counts.TotalIps, counts.Enis);
    }

    /// <summary>The window's record.</summary>
    /// <exception cref="ProjectionException">The window cannot be replayed; the message names what is missing and what to do.</exception>
    public RecordedNode Build()
    {
        if (_trace is null)
        {
            throw new ProjectionException(from is { } f
                ? string.Create(CultureInfo.InvariantCulture, $"the journal has no event at or after --from {f.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; pick an earlier start (replay stats shows the journal's span)")
                : "the journal never recorded NodeStarted (the daemon never reached EC2), so there is no node to replay; give --from to start mid-journal");
        }

        if (_node is null || _primary is null)
        {
            throw new ProjectionException("the window holds no NodeStarted and primary ENI (device 0) to take the instance's limits and subnet from; start the window earlier with --from");
        }

        DateTimeOffset end = to ?? _lastAt;
        _trace.Close(end < _start ? _start : end);
        return new RecordedNode(_node, _primary, _start, _trace.End, _cold, _live, _demand, _ec2, _trace, _calls, _enisCreated);
    }

    private void Begin(DateTimeOffset at)
    {
        _start = at;
        _cold = _pool.Node is null || _pool.AllocationCount == 0 && _pool.GetEnis().Count == 0;
        _node = _pool.Node;
        _primary = _pool.GetEnis().FirstOrDefault(x => x.DeviceIndex == 0);
        _live = _pool.GetAllocations();
        PoolCounts counts = _pool.GetCounts(at);
        _trace = new PoolTrace(at, counts.Allocated, counts.TotalIps, counts.Enis);
    }
}
