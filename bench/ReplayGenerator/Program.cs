using System.Globalization;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>Generates a journal of N events of pod churn on 8 ENIs, with restarts and snapshots, the way the daemon writes one.</summary>
/// <remarks>
/// Usage: escni-replay-generator DIR EVENTS (or DIR incident, see IncidentStory). Events go through NodePool.Decide and Apply (so the journal is one the
/// aggregate would write), are encoded with EventCodec and appended in batches; a snapshot is written every 50,000
/// events (the daemon's ESCNI_SNAPSHOT_EVERY default). The clock starts at 2026-11-01T00:00Z and advances 500 ms per
/// command, so 10M events span about two months.
/// </remarks>
internal static class Program
{
    private const int Enis = 8;
    private const int IpsPerEni = 30;
    private const int TargetPods = 180;
    private const int BatchSize = 2000;
    private const int SnapshotEvery = 50_000;
    private const int RestartEvery = 1_000_000;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length >= 2 && args[1] == "incident")
        {
            return await IncidentStory.WriteAsync(args[0], args.Contains("--plant-duplicate")).ConfigureAwait(false);
        }

        if (args.Length >= 2 && args[1] == "day")
        {
            return await WriteDayAsync(args[0], args[2..]).ConfigureAwait(false);
        }

        bool ipv6 = args.Length == 3 && args[2] == "--ipv6";
        if (args.Length != (ipv6 ? 3 : 2) || !long.TryParse(args[1], CultureInfo.InvariantCulture, out long target) || target < 1000)
        {
            await Console.Error.WriteLineAsync("usage: escni-replay-generator DIR EVENTS [--ipv6] (EVENTS >= 1000; --ipv6: the pods get IPv6 addresses from one /80) | DIR incident [--plant-duplicate] | DIR day [HOURS] [WARM_ENI_TARGET=N|WARM_IP_TARGET=N|MINIMUM_IP_TARGET=N ...]; DIR must not hold a journal yet").ConfigureAwait(false);
            return 2;
        }

        await using Journal.Journal journal = await Journal.Journal.OpenAsync(args[0], new JournalOptions(), CancellationToken.None).ConfigureAwait(false);
        if (journal.LastLsn != 0)
        {
            await Console.Error.WriteLineAsync($"{args[0]} already holds {journal.LastLsn} events; give an empty directory").ConfigureAwait(false);
            return 2;
        }

        Writer writer = new(journal) { Ipv6 = ipv6 };
        await writer.RunAsync(target).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {journal.LastLsn} events to {args[0]}; last event at {writer.Now:O}"));
        return 0;
    }

    private static async Task<int> WriteDayAsync(string directory, string[] args)
    {
        double hours = 24;
        Dictionary<string, int> settings = new(StringComparer.Ordinal);
        foreach (string arg in args)
        {
            string[] kv = arg.Split('=', 2);
            if (kv.Length == 2 && int.TryParse(kv[1], CultureInfo.InvariantCulture, out int value) && kv[0] is "WARM_ENI_TARGET" or "WARM_IP_TARGET" or "MINIMUM_IP_TARGET")
            {
                settings[kv[0]] = value;
            }
            else if (!double.TryParse(arg, CultureInfo.InvariantCulture, out hours) || hours <= 0)
            {
                await Console.Error.WriteLineAsync($"day: '{arg}' is neither HOURS (> 0) nor WARM_ENI_TARGET/WARM_IP_TARGET/MINIMUM_IP_TARGET=N").ConfigureAwait(false);
                return 2;
            }
        }

        Domain.WarmPool.WarmPoolTargets targets = new(settings.GetValueOrDefault("WARM_ENI_TARGET", 1),
            settings.TryGetValue("WARM_IP_TARGET", out int warm) ? warm : null, settings.TryGetValue("MINIMUM_IP_TARGET", out int min) ? min : null);
        DayStory story = await DayStory.WriteAsync(directory, TimeSpan.FromHours(hours), targets).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {hours} h on one m5.xlarge to {directory}; {story.RefusedAdds} ADDs found no free IP at first (not journaled), waiting {story.TotalWait.TotalSeconds:0.0} s in total"));
        return 0;
    }

    /// <summary>Drives the pool and the journal.</summary>
    private sealed class Writer(Journal.Journal journal)
    {
        private readonly NodePool _pool = new();
        private readonly List<JournalEntry> _batch = new(BatchSize);
        private readonly List<IpamKey> _live = [];
        private readonly Random _random = new(7);
        private long _sinceSnapshot;
        private long _sinceRestart;
        private long _podSeq;

        public DateTimeOffset Now { get; private set; } = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>Pods get IPv6 addresses (AllocateIpv6) from the /80 2600:1f14:abc:de01:1234::/80 on the first ENI.</summary>
        public bool Ipv6 { get; init; }

        public async Task RunAsync(long target)
        {
            await StartAsync().ConfigureAwait(false);
            for (int eni = 0; eni < Enis; eni++)
            {
                await AttachAsync(eni).ConfigureAwait(false);
            }

            if (Ipv6)
            {
                string primary = "eni-" + 0.ToString("x17", CultureInfo.InvariantCulture);
                await Decide(new RequestIpv6Prefix(Tick(), Cause.Of(CauseKind.Startup), primary)).ConfigureAwait(false);
                await Decide(new RecordIpv6PrefixAdded(Tick(), Cause.Of(CauseKind.Startup), primary, Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80"), Ipv6PrefixAdded.FromEc2)).ConfigureAwait(false);
            }

            while (_pool.LastLsn < target)
            {
                if (_sinceRestart >= RestartEvery)
                {
                    await Decide(new StopNode(Tick(), Cause.Of(CauseKind.Startup), "SIGTERM")).ConfigureAwait(false);
                    await StartAsync().ConfigureAwait(false);
                    _sinceRestart = 0;
                }

                bool allocate = _live.Count < TargetPods / 2 || (_live.Count < TargetPods && _random.Next(2) == 0);
                if (allocate)
                {
                    string id = (++_podSeq).ToString("x12", CultureInfo.InvariantCulture);
                    IpamKey key = new("aws-cni", "c" + id.PadLeft(63, '0'), "eth0");
                    Pod pod = new("ns-" + (_podSeq % 17).ToString(CultureInfo.InvariantCulture), "web-" + id, Guid.NewGuid().ToString());
                    Cause cause = new(CauseKind.CniRequest, "req-" + id);
                    PoolCommand add = Ipv6 ? new AllocateIpv6(Tick(), cause, key, pod, "/var/run/netns/cni-" + id) : new AllocateIp(Tick(), cause, key, pod, "/var/run/netns/cni-" + id);
                    if (await Decide(add).ConfigureAwait(false))
                    {
                        _live.Add(key);
                    }
                }
                else
                {
                    int index = _random.Next(_live.Count);
                    IpamKey key = _live[index];
                    _live[index] = _live[^1];
                    _live.RemoveAt(_live.Count - 1);
                    await Decide(new ReleaseIpByKey(Tick(), Cause.Of(CauseKind.CniRequest), key, ReleaseReason.CniDel)).ConfigureAwait(false);
                }
            }

            await FlushAsync().ConfigureAwait(false);
        }

        private DateTimeOffset Tick() => Now = Now.AddMilliseconds(500);

        private Task StartAsync() => Decide(new InitNode(Tick(), Cause.Of(CauseKind.Startup), "i-0bench0000000001", "m5.4xlarge", "eu-west-1a",
            new ValueList<string>(["10.0.0.0/16"]), Enis, IpsPerEni, "escni 0.1.0", TimeSpan.FromSeconds(30)));

        private async Task AttachAsync(int device)
        {
            string eniId = "eni-" + device.ToString("x17", CultureInfo.InvariantCulture);
            uint subnetBase = 0x0A000000u | ((uint)device << 8);
            await Decide(new RecordEniAttached(Tick(), Cause.Of(CauseKind.Startup), eniId, device, "02:00:00:00:00:" + device.ToString("x2", CultureInfo.InvariantCulture),
                "subnet-0bench", "10.0.0.0/16", new Ipv4Address(subnetBase + 4))).ConfigureAwait(false);
            List<Ipv4Address> ips = [];
            for (uint i = 0; i < IpsPerEni - 1; i++)
            {
                ips.Add(new Ipv4Address(subnetBase + 10 + i));
            }

            await Decide(new RecordPoolIpsAdded(Tick(), Cause.Of(CauseKind.WarmPool), eniId, new ValueList<Ipv4Address>(ips))).ConfigureAwait(false);
        }

        private async Task<bool> Decide(PoolCommand command)
        {
            int written = PoolJournaling.DecideInto(_pool, command, _batch);
            if (written < 0)
            {
                return false;
            }

            _sinceSnapshot += written;
            _sinceRestart += written;

            if (_batch.Count >= BatchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }

            return true;
        }

        private async Task FlushAsync()
        {
            if (_batch.Count == 0)
            {
                return;
            }

            AppendResult result = await journal.AppendAsync(_batch.ToArray(), CancellationToken.None).ConfigureAwait(false);
            if (result.LastLsn != _pool.LastLsn)
            {
                throw new InvalidOperationException($"journal LSN {result.LastLsn} disagrees with the pool's {_pool.LastLsn}");
            }

            _batch.Clear();
            if (_sinceSnapshot >= SnapshotEvery)
            {
                await journal.WriteSnapshotAsync(_pool.LastLsn, _pool.ToSnapshot(), CancellationToken.None).ConfigureAwait(false);
                _sinceSnapshot = 0;
            }
        }
    }
}
