using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Journal;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>The daemon's write step for the generators: decide a command with the real aggregate, apply its events and encode them for the journal.</summary>
internal static class PoolJournaling
{
    /// <summary>Decides <paramref name="command"/>; on acceptance applies and appends its events to <paramref name="batch"/> and returns how many, else -1.</summary>
    public static int DecideInto(NodePool pool, PoolCommand command, List<JournalEntry> batch)
    {
        Decision decision = pool.Decide(command);
        if (!decision.Accepted)
        {
            return -1;
        }

        foreach (DomainEvent e in decision.Events)
        {
            pool.Apply(new RecordedEvent(pool.LastLsn + 1, e));
            (ushort type, byte[] payload) = EventCodec.Encode(e);
            batch.Add(new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond, payload));
        }

        return decision.Events.Count;
    }
}
