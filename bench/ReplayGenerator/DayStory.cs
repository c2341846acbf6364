using System.Globalization;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Domain.WarmPool;
using EsCni.Journal;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>
/// A realistic day on one m5.xlarge node, written as the daemon would journal it, for <c>replay what-if</c> and
/// docs/tuning.md: a diurnal pod load with two deployment rollouts and CronJob bursts, served by the real
/// <see cref="NodePool"/> and <see cref="WarmPoolPolicy"/> under the settings given, against an EC2 with jittered latency
/// and occasional throttling.
/// </summary>
/// <remarks>
/// <para>Usage: escni-replay-generator DIR day [HOURS] [K=V …] (K: WARM_ENI_TARGET, WARM_IP_TARGET, MINIMUM_IP_TARGET).</para>
/// <para>Written independently of the what-if simulation on purpose (a 100 ms time-stepped loop, random latencies and
/// throttles, kubelet-style retries of refused ADDs every 2 s), so the self-check test compares two different models
/// of the same daemon, not one model with itself. Refused ADDs are not journaled, as in the daemon; the generator
/// reports them so the docs can show what the journal cannot.</para>
/// </remarks>
public sealed partial class DayStory
{
    /// <summary>Midnight of the day the story starts.</summary>
    public static readonly DateTimeOffset Midnight = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_tick = TimeSpan.FromSeconds(5);      // ESCNI_POOL_INTERVAL_MS default
    private static readonly TimeSpan s_kubeletRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_cooldown = TimeSpan.FromSeconds(30);

    private readonly Journal.Journal _journal;
    private readonly WarmPoolTargets _targets;
    private readonly Random _random;
    private readonly NodePool _pool = new();
    private readonly List<JournalEntry> _batch = [];
    private DateTimeOffset _now = Midnight;
    private int _requests;

    private readonly string _instanceId;
    private readonly string _subnetCidr;

    private DayStory(Journal.Journal journal, WarmPoolTargets targets, int seed, string instanceId, string subnetCidr)
    {
        _journal = journal;
        _targets = targets;
        _random = new Random(seed);
        _instanceId = instanceId;
        _subnetCidr = subnetCidr;
    }

    /// <summary>ADDs the pool refused at first (kubelet retried them; the journal only shows when they succeeded).</summary>
    public int RefusedAdds { get; private set; }

    /// <summary>Sum of the time refused ADDs waited for an IP.</summary>
    public TimeSpan TotalWait { get; private set; }

    /// <summary>Writes <paramref name="length"/> of the story to an empty journal directory.</summary>
    /// <param name="directory">An empty or missing journal directory.</param>
    /// <param name="length">How much of the day (more than 24 h repeats the day's shape).</param>
    /// <param name="targets">The warm-pool settings in force.</param>
    /// <param name="seed">Seeds the pods' arrivals and lifetimes, EC2's latencies and throttles.</param>
    /// <param name="instanceId">The node's instance id (several nodes can share one subnet).</param>
    /// <param name="subnetCidr">The subnet's CIDR, small to make a cluster's subnet run out.</param>
    public static async Task<DayStory> WriteAsync(string directory, TimeSpan length, WarmPoolTargets targets, int seed = 27, string instanceId = "i-0day000000000001",
        string subnetCidr = SubnetCidr)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Journal.Journal journal = await Journal.Journal.OpenAsync(directory, new JournalOptions(), CancellationToken.None).ConfigureAwait(false);
        await using (journal.ConfigureAwait(false))
        {
            if (journal.LastLsn != 0)
            {
                throw new InvalidOperationException($"{directory} already holds {journal.LastLsn} events; give an empty directory");
            }

            DayStory story = new(journal, targets, seed, instanceId, subnetCidr);
            await story.RunAsync(length).ConfigureAwait(false);
            return story;
        }
    }

    private async Task RunAsync(TimeSpan length)
    {
        Cause startup = Cause.Of(CauseKind.Startup);
        Do(new InitNode(_now, startup, _instanceId, "m5.xlarge", "eu-west-1a", new ValueList<string>(["10.0.0.0/16"]), MaxEnis, IpsPerEni, "escni 0.1.0", s_cooldown));
        Do(new RecordEniAttached(_now, startup, EniId(0), 0, "02:00:00:00:01:00", Subnet, _subnetCidr, Ipv4Address.Parse("10.0.32.10")));
        List<Demand> demand = PlanDemand(length);
        DateTimeOffset end = Midnight + length;
        int next = 0;
        for (; _now <= end; _now += s_step)
        {
            CompleteDueStage();
            while (next < demand.Count && demand[next].At <= _now)
            {
                Serve(demand[next++]);
            }

            RetryWaiting();
            TickLoop();
            if (_batch.Count >= 1000)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);
    }

    private void Do(PoolCommand command)
    {
        if (!TryDo(command))
        {
            throw new InvalidOperationException($"{_now:O}: the pool refused {command.GetType().Name}: {_pool.Decide(command)}");
        }
    }

    private bool TryDo(PoolCommand command)
    {
        return PoolJournaling.DecideInto(_pool, command, _batch) >= 0;
    }

    private async Task FlushAsync()
    {
        if (_batch.Count > 0)
        {
            await _journal.AppendAsync(_batch.ToArray(), CancellationToken.None).ConfigureAwait(false);
            _batch.Clear();
        }
    }

    private string EniId(int n) => "eni-" + _instanceId.Replace("i-", string.Empty, StringComparison.Ordinal) + n.ToString("x3", CultureInfo.InvariantCulture);

    private Cause Ec2Cause() => new(CauseKind.WarmPool, AwsRequestId: "aws-" + (++_requests).ToString("x8", CultureInfo.InvariantCulture));
}
