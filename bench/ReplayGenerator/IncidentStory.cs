using System.Globalization;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>The journal of docs/forensics.md: a node restart during which a pod's CNI DEL was lost, then an IP reused.</summary>
/// <remarks>
/// Usage: escni-replay-generator DIR incident [--plant-duplicate]. Every event goes through NodePool.Decide like the
/// daemon's; --plant-duplicate appends one IpAllocated the aggregate would refuse, to show what verify says then.
/// </remarks>
internal static class IncidentStory
{
    private static readonly DateTimeOffset s_day = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> WriteAsync(string directory, bool plantDuplicate)
    {
        await using Journal.Journal journal = await Journal.Journal.OpenAsync(directory, new JournalOptions(), CancellationToken.None).ConfigureAwait(false);
        NodePool pool = new();

        async Task Do(string time, PoolCommand command)
        {
            Decision decision = pool.Decide(command);
            if (!decision.Accepted)
            {
                throw new InvalidOperationException($"{time}: {decision}");
            }

            foreach (DomainEvent e in decision.Events)
            {
                await AppendAsync(journal, e).ConfigureAwait(false);
                pool.Apply(new RecordedEvent(pool.LastLsn + 1, e));
            }
        }

        Cause startup = Cause.Of(CauseKind.Startup);
        Cause warm = Cause.Of(CauseKind.WarmPool);
        Cause reconciler = Cause.Of(CauseKind.Reconciler);
        const string primary = "eni-0f1e2d3c4b5a69780";
        const string second = "eni-0c0ffee0c0ffee001";
        await Do("13:20:00", Start("13:20:00", "escni 0.1.0"));
        await Do("13:20:01", new RecordEniAttached(T("13:20:01"), startup, primary, 0, "0a:1b:2c:3d:4e:5f", "subnet-0aa11", "10.0.1.0/24", Ip("10.0.1.10")));
        await Do("13:20:02", new RecordPoolIpsAdded(T("13:20:02"), startup, primary, Ips("10.0.1.20", "10.0.1.21", "10.0.1.22", "10.0.1.23")));
        await Do("13:24:10", Add("13:24:10", "shop", "cart-7f9c4-kx2lp", "9b1d2e"));
        await Do("13:25:33", Add("13:25:33", "shop", "web-5d8b7-a1b2c", "a4c7f0"));
        await Do("13:25:34", Add("13:25:34", "shop", "web-5d8b7-d3e4f", "c81e22"));
        await Do("13:31:07", Add("13:31:07", "payments", "api-6c4d9-q8v7w", "3f2a9c"));
        await Do("13:38:00", new RecordEniCreateRequested(T("13:38:00"), warm, "escni-7d1c0a55", "subnet-0aa11"));
        await Do("13:38:01", new RecordEniCreateFailed(T("13:38:01"), new Cause(CauseKind.WarmPool, null, "5e0b8c1d-0b7e-4c8e-9a3f-1f2e3d4c5b6a", "escni-7d1c0a55"),
            "escni-7d1c0a55", "RequestLimitExceeded", "Request limit exceeded."));
        await Do("13:38:04", new RecordEniCreateRequested(T("13:38:04"), warm, "escni-7d1c0a56", "subnet-0aa11"));
        await Do("13:38:06", new RecordEniCreated(T("13:38:06"), new Cause(CauseKind.WarmPool, null, "c3d2e1f0-1111-4a2b-8c9d-0e1f2a3b4c5d", "escni-7d1c0a56"), second, "escni-7d1c0a56", "subnet-0aa11"));
        await Do("13:38:09", new RecordEniAttached(T("13:38:09"), new Cause(CauseKind.WarmPool, null, "77aa88bb-2222-4c3d-9e8f-1a2b3c4d5e6f"), second, 1, "0a:1b:2c:3d:4e:60", "subnet-0aa11", "10.0.1.0/24", Ip("10.0.1.40")));
        await Do("13:38:10", new RecordPoolIpsRequested(T("13:38:10"), warm, second, 3));
        await Do("13:38:11", new RecordPoolIpsAdded(T("13:38:11"), new Cause(CauseKind.WarmPool, null, "99cc00dd-3333-4e5f-8a9b-2c3d4e5f6a7b"), second, Ips("10.0.1.41", "10.0.1.42", "10.0.1.43")));
        await Do("13:45:12", Add("13:45:12", "shop", "web-5d8b7-g5h6i", "d09b14"));
        await Do("13:47:30", Del("13:47:30", "shop", "cart-7f9c4-kx2lp", "9b1d2e"));
        await Do("13:52:03", Add("13:52:03", "shop", "cart-7f9c4-m3n4p", "e7f3a1"));
        await Do("13:55:40", Add("13:55:40", "batch", "report-28911-abcde", "f15c3b"));
        // The DaemonSet rolls: the daemon is down 12 s, and kubelet's DEL for the evicted payments pod fails meanwhile.
        await Do("13:58:40", new StopNode(T("13:58:40"), startup, "SIGTERM"));
        await Do("13:58:52", Start("13:58:52", "escni 0.1.1"));
        await Do("13:59:05", new RecordDrift(T("13:59:05"), reconciler, "10.0.1.23", "allocated to payments/api-6c4d9-q8v7w (container 3f2a9c...)",
            "no host veth and no sandbox for container 3f2a9c... in containerd"));
        await Do("13:59:05", new QuarantineAllocation(T("13:59:05"), reconciler, Ip("10.0.1.23"), "no host veth and no sandbox for container 3f2a9c... (CNI DEL lost during restart)"));
        await Do("14:01:05", new ReleaseIp(T("14:01:05"), reconciler, Ip("10.0.1.23"), ReleaseReason.Reconcile));
        await Do("14:01:05", new ResolveDrift(T("14:01:05"), reconciler, "10.0.1.23", "released after 2 min in quarantine; sandbox still absent"));
        await Do("14:01:20", Add("14:01:20", "payments", "api-6c4d9-r5t6y", "4a8e2d"));
        await Do("14:02:10", Add("14:02:10", "payments", "api-6c4d9-s7u8i", "5b9f3e"));
        await Do("14:06:00", Del("14:06:00", "shop", "web-5d8b7-a1b2c", "a4c7f0"));
        if (plantDuplicate)
        {
            // What a real duplicate looks like: an allocation of an owned IP, which Decide refuses but a buggy build could write.
            await AppendAsync(journal, new IpAllocated(Guid.NewGuid(), T("14:07:00"), new Cause(CauseKind.CniRequest, "add-buggy"), Ip("10.0.1.23"), primary,
                Key("6c0a4f"), new Pod("payments", "api-6c4d9-z9z9z", Uid("6c0a4f")), "/var/run/netns/cni-6c0a4f")).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {journal.LastLsn} events to {directory}"));
        return 0;
    }

    private static async Task AppendAsync(Journal.Journal journal, DomainEvent e)
    {
        (ushort type, byte[] payload) = EventCodec.Encode(e);
        await journal.AppendAsync([new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond, payload)], CancellationToken.None).ConfigureAwait(false);
    }

    private static DateTimeOffset T(string time) => s_day + TimeSpan.Parse(time, CultureInfo.InvariantCulture);

    private static Ipv4Address Ip(string text) => Ipv4Address.Parse(text);

    private static ValueList<Ipv4Address> Ips(params string[] ips) => new(ips.Select(Ipv4Address.Parse));

    // Realistic-looking ids, derived from the short name so every run writes the same journal.
    private static IpamKey Key(string container) => new("aws-cni", container + Hex(container)[6..], "eth0");

    private static string Uid(string container) => new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("uid" + container))[..16]).ToString();

    private static string Hex(string seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    private static InitNode Start(string time, string build) => new(T(time), Cause.Of(CauseKind.Startup), "i-0a1b2c3d4e5f60718", "m5.xlarge", "eu-west-1a",
        new ValueList<string>(["10.0.0.0/16"]), 4, 15, build, TimeSpan.FromSeconds(30));

    private static AllocateIp Add(string time, string ns, string name, string container) =>
        new(T(time), new Cause(CauseKind.CniRequest, "add-" + container), Key(container), new Pod(ns, name, Uid(container)), "/var/run/netns/cni-" + container);

    private static ReleaseIpByKey Del(string time, string ns, string name, string container) =>
        new(T(time), new Cause(CauseKind.CniRequest, "del-" + container), Key(container), ReleaseReason.CniDel);
}
