using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Testing.Legacy;
using JournalLog = EsCni.Journal.Journal;

namespace EsCni.Benchmarks.Journal;

/// <summary>
/// The event codec before and after in one process: the same 1M-event node history written once with the 0.1
/// positional codec and once with the 0.2 protobuf codec, then, alternating run by run, recovery (open + verify every
/// frame), the full replay the daemon does at start without a snapshot (ReadAll + decode + fold into a NodePool), and
/// ReadAll + decode alone. Medians; the ratio row is protobuf / positional.
/// </summary>
internal static class CodecBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int events = IntArg(args, "--events", 1_000_000);
        int runs = IntArg(args, "--runs", 7);
        string dir = StringArg(args, "--dir", Path.Combine(Path.GetTempPath(), "escni-codec-bench-" + Environment.ProcessId));
        Console.WriteLine($"codec benchmark: {events:N0} events, {runs} runs (medians), {Environment.ProcessorCount} cores, dir {dir}");
        var report = new BenchReport();
        (string Name, Func<DomainEvent, (ushort, byte[])> Encode)[] codecs =
        [
            ("0.1 positional", PositionalWriterV1.Encode),
            ("0.2 protobuf", EventCodec.Encode),
        ];
        try
        {
            foreach ((string name, Func<DomainEvent, (ushort, byte[])> encode) in codecs)
            {
                long bytes = await WriteAsync(Path.Combine(dir, Slug(name)), events, encode);
                report.Add(name, $"payload bytes per event, {events:N0} events", (double)bytes / events, "B");
            }

            var times = new Dictionary<string, List<double>>();
            for (int run = 0; run < runs; run++)
            {
                foreach ((string name, _) in codecs)
                {
                    await MeasureAsync(Path.Combine(dir, Slug(name)), name, events, times);
                }
            }

            foreach (string measurement in new[] { "recovery (open + verify every frame)", "full replay (ReadAll + decode + fold)", "ReadAll + decode" })
            {
                double before = Measure.Median(times[$"{codecs[0].Name}|{measurement}"]);
                double after = Measure.Median(times[$"{codecs[1].Name}|{measurement}"]);
                report.Add(codecs[0].Name, $"{measurement}, {events / 1_000_000.0:0.#}M events", before, "ms");
                report.Add(codecs[1].Name, $"{measurement}, {events / 1_000_000.0:0.#}M events", after, "ms");
                report.Add("ratio", $"{measurement}: protobuf / positional", after / before, "×");
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        report.Print();
        return 0;
    }

    private static async Task MeasureAsync(string dir, string name, int events, Dictionary<string, List<double>> times)
    {
        await using JournalLog journal = await JournalLog.OpenAsync(dir, new JournalOptions(), default);
        Add(times, name, "recovery (open + verify every frame)", journal.Recovery.Duration.TotalMilliseconds);

        NodePool pool = new();
        long t = Stopwatch.GetTimestamp();
        long count = journal.ReadAll(0, r => pool.Apply(new RecordedEvent(r.Lsn, Decode(r))));
        Add(times, name, "full replay (ReadAll + decode + fold)", Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        Check(count, events, pool.LastLsn);

        long decoded = 0;
        t = Stopwatch.GetTimestamp();
        journal.ReadAll(0, r => decoded += Decode(r).At.Ticks & 1);
        Add(times, name, "ReadAll + decode", Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }

    private static DomainEvent Decode(in JournalRecord record)
    {
        DecodeResult result = EventCodec.Decode(record.Type, record.Payload.Span);
        return result.IsOk ? result.Event : throw new InvalidOperationException($"LSN {record.Lsn}: {result.Error}");
    }

    private static async Task<long> WriteAsync(string dir, int events, Func<DomainEvent, (ushort, byte[])> encode)
    {
        long bytes = 0;
        await using JournalLog journal = await JournalLog.OpenAsync(dir, new JournalOptions(), default);
        var batch = new List<JournalEntry>(1000);
        foreach (DomainEvent e in History(events))
        {
            (ushort type, byte[] payload) = encode(e);
            bytes += payload.Length;
            batch.Add(new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, payload));
            if (batch.Count == 1000)
            {
                await journal.AppendAsync(batch.ToArray(), default);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await journal.AppendAsync(batch.ToArray(), default);
        }

        return bytes;
    }

    /// <summary>A node's history as the daemon writes it: start, three ENIs with 29 pool IPs each, then pod churn with real-sized ids.</summary>
    private static IEnumerable<DomainEvent> History(int events)
    {
        DateTimeOffset at = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        Cause startup = Cause.Of(CauseKind.Startup);
        yield return new NodeStarted(EventIds.From("start"), at, startup, "i-0123456789abcdef0", "m5.4xlarge", "us-west-2a",
            new ValueList<string>(["10.0.0.0/16"]), 8, 30, "0.2.0", TimeSpan.FromSeconds(30));
        var ips = new List<(Ipv4Address Ip, string Eni)>();
        for (int device = 0; device < 3; device++)
        {
            string eni = $"eni-0{device}23456789abcdef0";
            uint first = Ipv4Address.Parse("10.0.0.0").Value + (uint)(device * 256) + 10;
            yield return new EniAttached(EventIds.From("attach", eni), at, startup, eni, device, $"02:00:00:00:00:0{device}", "subnet-0123456789abcdef0",
                "10.0.0.0/16", new Ipv4Address(first - 1), device == 0 ? 254 : device + 1);
            Ipv4Address[] added = new Ipv4Address[29];
            for (int i = 0; i < added.Length; i++)
            {
                added[i] = new Ipv4Address(first + (uint)i);
                ips.Add((added[i], eni));
            }

            yield return new PoolIpsAdded(EventIds.From("pool", eni), at, Cause.Of(CauseKind.WarmPool), eni, new ValueList<Ipv4Address>(added));
        }

        for (int i = 7; i < events; i++)
        {
            at = at.AddMilliseconds(250);
            int pod = (i - 7) / 2;
            (Ipv4Address ip, string eni) = ips[pod % ips.Count];
            string number = pod.ToString("x8", CultureInfo.InvariantCulture);
            var key = new IpamKey("aws-cni", "3f1e2d4c5b6a79880f1e2d4c5b6a7988" + number + number + number + number, "eth0");
            Cause cni = new(CauseKind.CniRequest, "req-" + number);
            yield return (i - 7) % 2 == 0
                ? new IpAllocated(EventIds.From("alloc", number), at, cni, ip, eni, key, new Pod("default", "web-7d9f8c6b5-" + number, "5f0c1e2d-3b4a-4c5d-8e9f-" + number + "0000"), "/var/run/netns/cni-" + number)
                : new IpReleased(EventIds.From("release", number), at, cni, ip, key, ReleaseReason.CniDel);
        }
    }

    private static void Add(Dictionary<string, List<double>> times, string codec, string measurement, double ms)
    {
        string key = codec + "|" + measurement;
        if (!times.TryGetValue(key, out List<double>? list))
        {
            times[key] = list = [];
        }

        list.Add(ms);
    }

    private static void Check(long count, int events, long lastLsn)
    {
        if (count != events || lastLsn != events)
        {
            throw new InvalidOperationException($"replayed {count} events up to LSN {lastLsn}, expected {events}");
        }
    }

    private static string Slug(string name) => name.Replace(' ', '-').Replace('.', '_');

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
