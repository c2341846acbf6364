using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;

namespace EsCni.Testing;

/// <summary>A real journal with a known history, written the way the daemon writes it: NodePool.Decide → EventCodec → Journal.AppendAsync → Apply.</summary>
/// <remarks>
/// The story (T0 = 2026-11-27T10:00:00Z, cooldown 60 s; LSNs in brackets):
/// node starts [1]; primary ENI attached [2] with 10.0.1.10-11 [3]; web-1 gets .10 at T0+10s [4]; web-2 gets .11 at
/// T0+20s [5]; web-1 deleted at T0+60s [6]; daemon stops [7] and starts again [8] at T0+90s; at T0+100s web-3 finds
/// no IP (.10 cools down until T0+120s across the restart) so a second ENI is created [9,10], attached [11] and
/// filled [12,13]; web-3 gets 10.0.2.20 [14] at T0+110s, web-4 10.0.2.21 [15] at T0+150s, web-5 reuses .10 after its
/// cooldown [16] at T0+160s (snapshot written here); .11 is quarantined at T0+200s [17] and released by the reconciler
/// at T0+230s [18]; web-3 and web-4 are deleted at T0+240s [19,20]; the second ENI is detached [21,22] and deleted
/// [23]; a warm-pool assign on the primary ENI is throttled [24,25].
/// </remarks>
public sealed class ScenarioJournal : IAsyncDisposable
{
    /// <summary>The scenario's clock origin.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly NodePool _pool = new();
    private Journal.Journal? _journal;

    private ScenarioJournal(string directory)
    {
        Directory = directory;
    }

    /// <summary>The journal directory (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The pool as the daemon would hold it after the story.</summary>
    public NodePool Pool => _pool;

    /// <summary>Seconds after <see cref="T0"/>.</summary>
    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>"2026-11-27T10:01:40Z" for T0 + seconds, as a CLI argument.</summary>
    public static string Arg(double seconds) => At(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pod web-n's IPAM key.</summary>
    public static IpamKey Key(int n) => new("aws-cni", $"c{n}0000000000000000000000000000000000000000000000000000000000000", "eth0");

    /// <summary>Pod web-n.</summary>
    public static Pod Pod(int n) => new("default", $"web-{n}", $"uid-{n}");

    /// <summary>Writes the story to a fresh directory; keep the journal open to append more with <see cref="AppendRawAsync"/>.</summary>
    public static async Task<ScenarioJournal> CreateAsync(JournalOptions? options = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "escni-scenario-" + Guid.NewGuid().ToString("N"));
        ScenarioJournal scenario = new(dir);
        scenario._journal = await Journal.Journal.OpenAsync(dir, options ?? new JournalOptions { SegmentBytes = 1 << 20, MaxBatchBytes = 64 << 10 }, CancellationToken.None);
        await scenario.WriteStoryAsync();
        return scenario;
    }

    /// <summary>Appends events as they are (no Decide): how tests plant violations the aggregate would refuse.</summary>
    public async Task<long> AppendRawAsync(params DomainEvent[] events)
    {
        List<JournalEntry> batch = [];
        foreach (DomainEvent e in events)
        {
            (ushort type, byte[] payload) = EventCodec.Encode(e);
            batch.Add(new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond, payload));
        }

        AppendResult result = await _journal!.AppendAsync(batch, CancellationToken.None);
        return result.FirstLsn;
    }

    /// <summary>Decides and appends one command, as the daemon does; returns the LSN of its last event (0 when it produced none).</summary>
    public async Task<long> DecideAsync(PoolCommand command)
    {
        Decision decision = _pool.Decide(command);
        if (!decision.Accepted)
        {
            throw new InvalidOperationException($"the scenario's command {command.GetType().Name} was refused: {decision}");
        }

        if (decision.Events.Count == 0)
        {
            return 0;
        }

        long first = await AppendRawAsync([.. decision.Events]);
        for (int i = 0; i < decision.Events.Count; i++)
        {
            _pool.Apply(new RecordedEvent(first + i, decision.Events[i]));
        }

        return _pool.LastLsn;
    }

    /// <summary>Stores a snapshot of the pool as it is now, as the daemon does every ESCNI_SNAPSHOT_EVERY events.</summary>
    public async Task WriteSnapshotAsync() => await _journal!.WriteSnapshotAsync(_pool.LastLsn, _pool.ToSnapshot(), CancellationToken.None);

    /// <summary>Closes the journal (releases its lock) so the directory looks like a copy taken off a node.</summary>
    public async Task CloseAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
            _journal = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task WriteStoryAsync()
    {
        Cause startup = Cause.Of(CauseKind.Startup);
        await DecideAsync(Start(0));
        await DecideAsync(new RecordEniAttached(At(1), startup, "eni-primary", 0, "02:00:00:00:00:01", "subnet-a", "10.0.1.0/24", Ipv4Address.Parse("10.0.1.4")));
        await DecideAsync(new RecordPoolIpsAdded(At(2), startup, "eni-primary", Ips("10.0.1.10", "10.0.1.11")));
        await DecideAsync(Allocate(10, 1));
        await DecideAsync(Allocate(20, 2));
        await DecideAsync(new ReleaseIpByKey(At(60), new Cause(CauseKind.CniRequest, "del-1"), Key(1), ReleaseReason.CniDel));
        await DecideAsync(new StopNode(At(70), startup, "SIGTERM"));
        await DecideAsync(Start(90));

        // web-3's first ADD: the only free IP (.10) is still cooling down across the restart, so the pool refuses it.
        Decision refused = _pool.Decide(Allocate(100, 3));
        if (refused.Accepted || refused.Rejection!.Code != RejectionCode.NoIpAvailable)
        {
            throw new InvalidOperationException($"the scenario expects web-3's first ADD to find no IP; got {refused}");
        }

        Cause warm = Cause.Of(CauseKind.WarmPool);
        await DecideAsync(new RecordEniCreateRequested(At(100), warm, "tok-1", "subnet-b"));
        await DecideAsync(new RecordEniCreated(At(101), new Cause(CauseKind.WarmPool, null, "aws-create-1", "tok-1"), "eni-second", "tok-1", "subnet-b"));
        await DecideAsync(new RecordEniAttached(At(102), new Cause(CauseKind.WarmPool, null, "aws-attach-1"), "eni-second", 1, "02:00:00:00:00:02", "subnet-b", "10.0.2.0/24", Ipv4Address.Parse("10.0.2.4")));
        await DecideAsync(new RecordPoolIpsRequested(At(103), warm, "eni-second", 2));
        await DecideAsync(new RecordPoolIpsAdded(At(104), new Cause(CauseKind.WarmPool, null, "aws-assign-1"), "eni-second", Ips("10.0.2.20", "10.0.2.21")));
        await DecideAsync(Allocate(110, 3));
        await DecideAsync(Allocate(150, 4));
        long snapshotLsn = await DecideAsync(Allocate(160, 5));
        await _journal!.WriteSnapshotAsync(snapshotLsn, _pool.ToSnapshot(), CancellationToken.None);

        Cause reconciler = Cause.Of(CauseKind.Reconciler);
        await DecideAsync(new QuarantineAllocation(At(200), reconciler, Ipv4Address.Parse("10.0.1.11"), "no veth for container c2 on the host"));
        await DecideAsync(new ReleaseIp(At(230), reconciler, Ipv4Address.Parse("10.0.1.11"), ReleaseReason.Reconcile));
        await DecideAsync(new ReleaseIpByKey(At(240), Cause.Of(CauseKind.CniRequest), Key(3), ReleaseReason.CniDel));
        await DecideAsync(new ReleaseIpByKey(At(240.5), Cause.Of(CauseKind.CniRequest), Key(4), ReleaseReason.CniDel));
        await DecideAsync(new RequestEniDetach(At(250), warm, "eni-second"));
        await DecideAsync(new RecordEniDetached(At(255), new Cause(CauseKind.WarmPool, null, "aws-detach-1"), "eni-second"));
        await DecideAsync(new RecordEniDeleted(At(260), new Cause(CauseKind.WarmPool, null, "aws-delete-1"), "eni-second"));
        await DecideAsync(new RecordPoolIpsRequested(At(270), warm, "eni-primary", 2));
        await DecideAsync(new RecordPoolIpsRequestFailed(At(271), new Cause(CauseKind.WarmPool, null, "aws-assign-2"), "eni-primary", "RequestLimitExceeded", "Request limit exceeded."));
    }

    private static InitNode Start(double seconds) => new(At(seconds), Cause.Of(CauseKind.Startup), "i-0abc", "m5.large", "eu-west-1a",
        new ValueList<string>(["10.0.0.0/16"]), 3, 10, "escni test", TimeSpan.FromSeconds(60));

    private static AllocateIp Allocate(double seconds, int n) =>
        new(At(seconds), new Cause(CauseKind.CniRequest, $"add-{n}"), Key(n), Pod(n), $"/var/run/netns/cni-{n}");

    private static ValueList<Ipv4Address> Ips(params string[] ips) => new(Array.ConvertAll(ips, Ipv4Address.Parse));
}
