using EsCni.Domain.Events;

namespace EsCni.Projections.Stats;

/// <summary>Folds every event into <see cref="JournalStats"/> counters; cheap enough to ride along any other pass.</summary>
public sealed class JournalStatsProjection : IProjection
{
    private readonly Dictionary<Type, long> _byType = [];
    private readonly SortedDictionary<long, long[]> _hours = []; // hour start ticks → [events, allocations, releases, quarantines]
    private long _events;
    private long _restarts;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    /// <summary>The read model so far.</summary>
    public JournalStats Stats => new(
        _events,
        _first,
        _last,
        _byType.OrderBy(p => p.Key.Name, StringComparer.Ordinal).ToDictionary(p => p.Key.Name, p => p.Value, StringComparer.Ordinal),
        _restarts,
        _hours.Select(h => new HourActivity(new DateTimeOffset(h.Key, TimeSpan.Zero), h.Value[0], h.Value[1], h.Value[2], h.Value[3])).ToList());

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        DomainEvent e = recorded.Event;
        Type type = e.GetType();
        _byType[type] = _byType.GetValueOrDefault(type) + 1;
        _events++;
        _first ??= e.At;
        _last = e.At;
        long ticks = e.At.UtcTicks;
        long hour = ticks - (ticks % TimeSpan.TicksPerHour);
        if (!_hours.TryGetValue(hour, out long[]? counts))
        {
            _hours[hour] = counts = new long[4];
        }

        counts[0]++;
        switch (e)
        {
            case IpAllocated or Ipv6Allocated:
                counts[1]++;
                break;
            case IpReleased or Ipv6Released:
                counts[2]++;
                break;
            case AllocationQuarantined:
                counts[3]++;
                break;
            case NodeStarted:
                _restarts++;
                break;
            default:
                break;
        }
    }
}
