using System.Globalization;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Benchmarks.Daemon;

/// <summary>
/// Writes a realistic node journal of N events for restart benchmarks: a node with 8 ENIs × 29 IPs and pods churning
/// (allocate, release) for the rest, every event decided by the real NodePool and appended through the real journal;
/// optionally a pool snapshot at the end (what the daemon would have written).
/// </summary>
internal static class JournalFixture
{
    public static async Task<int> RunAsync(string[] args)
    {
        string dir = Arg(args, "--dir") ?? throw new ArgumentException("--dir DIR is required");
        long events = long.Parse(Arg(args, "--events") ?? "1000000", CultureInfo.InvariantCulture);
        bool snapshot = args.Contains("--snapshot");
        Directory.CreateDirectory(dir);
        await using NodeJournal journal = await NodeJournal.OpenAsync(dir, new JournalOptions(), CancellationToken.None);
        var pool = new NodePool();
        var batch = new List<JournalEntry>(4096);
        DateTimeOffset at = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Cause startup = Cause.Of(CauseKind.Startup);

        void Decide(PoolCommand command)
        {
            Decision decision = pool.Decide(command);
            foreach (DomainEvent e in decision.Events)
            {
                (ushort type, byte[] payload) = EventCodec.Encode(e);
                batch.Add(new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / 10, payload));
                pool.Apply(new RecordedEvent(pool.LastLsn + 1, e));
            }
        }

        Decide(new InitNode(at, startup, "i-0bench000000000001", "m5.4xlarge", "us-west-2a", new ValueList<string>(["10.10.0.0/16"]), 8, 30, "bench", TimeSpan.FromSeconds(30)));
        for (int eni = 0; eni < 8; eni++)
        {
            string id = $"eni-bench{eni:D12}";
            Decide(new RecordEniAttached(at, startup, id, eni, $"02:00:00:00:00:{eni:x2}", "subnet-1", "10.10.0.0/16", new Ipv4Address(0x0A0A0000u + (uint)(eni * 256) + 10)));
            Decide(new RecordPoolIpsAdded(at, startup, id, new ValueList<Ipv4Address>(Enumerable.Range(0, 29).Select(i => new Ipv4Address(0x0A0A0000u + (uint)(eni * 256) + 20 + (uint)i)))));
        }

        var live = new Queue<IpamKey>();
        long n = 0;
        while (pool.LastLsn < events)
        {
            at = at.AddSeconds(1); // with 150 live pods and a 30 s cooldown, at most ~30 IPs cool at once: the pool never runs dry
            if (live.Count < 150)
            {
                string container = (n++).ToString("x16", CultureInfo.InvariantCulture);
                var key = new IpamKey("escni", container, "eth0");
                Decide(new AllocateIp(at, new Cause(CauseKind.CniRequest, container), key, new Pod("bench", "pod-" + container, container), "/var/run/netns/cni-" + container));
                live.Enqueue(key);
            }
            else
            {
                Decide(new ReleaseIpByKey(at, Cause.Of(CauseKind.CniRequest), live.Dequeue(), ReleaseReason.CniDel));
            }

            if (batch.Count >= 2048)
            {
                await journal.AppendAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await journal.AppendAsync(batch, CancellationToken.None);
        }

        if (snapshot)
        {
            await journal.WriteSnapshotAsync(pool.LastLsn, pool.ToSnapshot(), CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {pool.LastLsn} events to {dir} (snapshot: {snapshot})"));
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
