using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Testing;

/// <summary>Realistic node journals for shipping tests and the shipping benchmark: a start, one ENI, then pod churn.</summary>
public static class SyntheticNodeEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>NodeStarted, EniAttached, PoolIpsAdded (<paramref name="poolSize"/> IPs from <paramref name="firstIp"/>), then IpAllocated/IpReleased pairs.</summary>
    public static IEnumerable<DomainEvent> Churn(string instanceId, int count, string firstIp, int poolSize = 20, DateTimeOffset? start = null)
    {
        DateTimeOffset at = start ?? Start;
        Cause startup = Cause.Of(CauseKind.Startup);
        string eni = "eni-" + instanceId;
        uint baseIp = Ipv4Address.Parse(firstIp).Value;
        yield return new NodeStarted(EventIds.From(instanceId, "start"), at, startup, instanceId, "m5.large", "us-west-2a", new ValueList<string>(["10.0.0.0/16"]), 3, 10, "test", TimeSpan.FromSeconds(30));
        yield return new EniAttached(EventIds.From(instanceId, "attach"), at, startup, eni, 0, "02:00:00:00:00:01", "subnet-a", "10.0.0.0/16", new Ipv4Address(baseIp - 1), 254);
        yield return new PoolIpsAdded(EventIds.From(instanceId, "pool"), at, startup, eni,
            new ValueList<Ipv4Address>(Enumerable.Range(0, poolSize).Select(i => new Ipv4Address(baseIp + (uint)i))));
        for (int i = 3; i < count; i++)
        {
            at = at.AddSeconds(1);
            int pod = (i - 3) / 2;
            var ip = new Ipv4Address(baseIp + (uint)(pod % poolSize));
            var key = new IpamKey("escni", $"{instanceId}-c{pod}", "eth0");
            Cause cause = new(CauseKind.CniRequest, $"req-{instanceId}-{i}");
            yield return (i - 3) % 2 == 0
                ? new IpAllocated(EventIds.From(instanceId, "alloc", pod.ToString(System.Globalization.CultureInfo.InvariantCulture)), at, cause, ip, eni, key, new Pod("default", $"pod-{pod}", $"uid-{instanceId}-{pod}"), $"/var/run/netns/cni-{pod}")
                : new IpReleased(EventIds.From(instanceId, "release", pod.ToString(System.Globalization.CultureInfo.InvariantCulture)), at, cause, ip, key, ReleaseReason.CniDel);
        }
    }

    /// <summary>Appends events to a journal in batches of <paramref name="batch"/> (one fdatasync each), encoded by <paramref name="encode"/> (default: this release's codec).</summary>
    public static async Task AppendAsync(NodeJournal journal, IEnumerable<DomainEvent> events, int batch = 250, Func<DomainEvent, (ushort, byte[])>? encode = null)
    {
        encode ??= EventCodec.Encode;
        List<JournalEntry> pending = new(batch);
        foreach (DomainEvent e in events)
        {
            (ushort type, byte[] payload) = encode(e);
            pending.Add(new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, payload));
            if (pending.Count == batch)
            {
                await journal.AppendAsync(pending.ToArray(), CancellationToken.None);
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            await journal.AppendAsync(pending.ToArray(), CancellationToken.None);
        }
    }
}
