using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Projections.Ownership;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Ownership;

/// <summary>
/// A windowed who-had reads only part of the journal; it must give exactly what the whole-history scan gives for
/// that window — on churn across a restart, a snapshot, a quarantine and an ENI detach, and on a journal that gave
/// an IP to a second key while the first still held it.
/// </summary>
public sealed class OwnershipQueryTests
{
    [Fact]
    public async Task Window_EveryIpManyWindows_EqualsWholeHistoryFilteredToTheWindow()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        double end = await ChurnAsync(scenario, seed: 5, steps: 300);
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        var random = new Random(11);
        double[] moments = [.. Enumerable.Range(0, 40).Select(_ => random.NextDouble() * (end + 100)), 0, 30, 60, 100, 205, 255, end];

        int compared = 0, nonEmpty = 0;
        foreach (Ipv4Address ip in Ips())
        {
            IReadOnlyList<OwnershipInterval> whole = OwnershipQuery.WholeHistory(reader, ip, 2);
            foreach (double t in moments)
            {
                DateTimeOffset from = ScenarioJournal.At(t), to = ScenarioJournal.At(t + random.Next(0, 120));
                IReadOnlyList<OwnershipInterval> expected = whole.Where(i => i.Overlaps(from, to)).ToList();
                IReadOnlyList<OwnershipInterval> windowed = OwnershipQuery.TryWindow(reader, ip, from, to) ?? throw new InvalidOperationException("a journal this short is always cheap to window");
                Assert.Equal(expected.Select(Describe), windowed.Select(Describe));
                compared++;
                nonEmpty += expected.Count > 0 ? 1 : 0;
            }
        }

        Assert.True(compared > 400 && nonEmpty > 100, $"{compared} windows compared, {nonEmpty} with owners: the churn should exercise the window path");
    }

    [Fact]
    public async Task Window_SecondOwnerWhileFirstHeld_ShowsBothLikeTheWholeHistory()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.DecideAsync(new AllocateIp(ScenarioJournal.At(400), new Cause(CauseKind.CniRequest, "add-7"), ScenarioJournal.Key(7), ScenarioJournal.Pod(7), "/var/run/netns/cni-7"));
        Assert.True(scenario.Pool.TryGetAllocation(ScenarioJournal.Key(7), out var first), "the scenario should give web-7 an IP");
        Ipv4Address ip = first.Ip;
        // What a foreign writer or a bug would leave, and `replay verify` reports as a SingleOwner violation.
        await scenario.AppendRawAsync(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(410), new Cause(CauseKind.CniRequest, "add-8"), ip, "eni-primary",
            ScenarioJournal.Key(8), ScenarioJournal.Pod(8), "/var/run/netns/cni-8"));
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);

        IReadOnlyList<OwnershipInterval> windowed = OwnershipQuery.TryWindow(reader, ip, ScenarioJournal.At(420), ScenarioJournal.At(420))
            ?? throw new InvalidOperationException("a journal this short is always cheap to window");

        Assert.Equal(["web-7", "web-8"], windowed.Select(o => o.Pod.Name));
        Assert.Equal(OwnershipQuery.WholeHistory(reader, ip, 1).Where(i => i.Covers(ScenarioJournal.At(420))).Select(Describe), windowed.Select(Describe));
    }

    [Fact]
    public async Task StartIsCheap_OnlyWhenASnapshotBeforeTheMomentHasFewEventsAfterIt()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(); // one snapshot, stamped at 160 s
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        long afterSnapshot = reader.LastLsn - (reader.TryReadNewestSnapshot(long.MaxValue, out Snapshot? snapshot, out _) ? snapshot.Lsn : 0);

        Assert.True(OwnershipQuery.StartIsCheap(reader, ScenarioJournal.At(200), maxReplay: afterSnapshot));
        Assert.False(OwnershipQuery.StartIsCheap(reader, ScenarioJournal.At(200), maxReplay: afterSnapshot - 1));
        Assert.False(OwnershipQuery.StartIsCheap(reader, ScenarioJournal.At(100), maxReplay: reader.LastLsn - 1)); // before the snapshot: replay from event 1
        Assert.True(OwnershipQuery.StartIsCheap(reader, ScenarioJournal.At(100), maxReplay: reader.LastLsn)); // a journal this short is cheap anyway
    }

    [Fact]
    public async Task TryWindow_OwnerAllocatedBeforeEverySnapshotWithinReach_GivesUpInsteadOfReplayingFromTheStart()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(); // first snapshot at 160 s
        await scenario.DecideAsync(new RecordPoolIpsAdded(ScenarioJournal.At(300), Cause.Of(CauseKind.WarmPool), "eni-primary",
            new ValueList<Ipv4Address>(Enumerable.Range(12, 9).Select(n => Ipv4Address.Parse($"10.0.1.{n}")).ToList())));
        long longLivedLsn = await scenario.DecideAsync(Allocate(301, 50)); // held to the end
        for (int n = 60; n < 80; n++)
        {
            await scenario.DecideAsync(Allocate(310 + ((n - 60) * 20), n));
            await scenario.DecideAsync(new ReleaseIpByKey(ScenarioJournal.At(320 + ((n - 60) * 20)), Cause.Of(CauseKind.CniRequest), ScenarioJournal.Key(n), ReleaseReason.CniDel));
        }

        await scenario.WriteSnapshotAsync(); // the newest snapshot, long after web-50's allocation
        await scenario.DecideAsync(Allocate(800, 90));
        Assert.True(scenario.Pool.TryGetAllocation(ScenarioJournal.Key(50), out var held));
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        DateTimeOffset at = ScenarioJournal.At(900);
        long afterSnapshot = reader.LastLsn - (reader.TryReadNewestSnapshot(long.MaxValue, out Snapshot? newest, out _) ? newest.Lsn : 0);
        long beforeAllocation = longLivedLsn - 1 - (reader.TryReadNewestSnapshot(longLivedLsn - 1, out Snapshot? older, out _) ? older.Lsn : 0);

        // The start (newest snapshot + one event) is within reach; the state just before web-50's allocation is not.
        Assert.True(OwnershipQuery.StartIsCheap(reader, at, maxReplay: afterSnapshot));
        Assert.True(beforeAllocation > afterSnapshot, $"{beforeAllocation} events from the older snapshot to web-50's allocation, {afterSnapshot} after the newest");
        Assert.Null(OwnershipQuery.TryWindow(reader, held.Ip, at, at, maxReplay: afterSnapshot));
        IReadOnlyList<OwnershipInterval>? windowed = OwnershipQuery.TryWindow(reader, held.Ip, at, at, maxReplay: beforeAllocation);
        Assert.NotNull(windowed);
        Assert.Equal(OwnershipQuery.WholeHistory(reader, held.Ip, 1).Where(i => i.Overlaps(at, at)).Select(Describe), windowed.Select(Describe));
        Assert.Equal("web-50", Assert.Single(windowed).Pod.Name);
    }

    private static AllocateIp Allocate(double seconds, int n) =>
        new(ScenarioJournal.At(seconds), new Cause(CauseKind.CniRequest, $"add-{n}"), ScenarioJournal.Key(n), ScenarioJournal.Pod(n), $"/var/run/netns/cni-{n}");

    internal static string Describe(OwnershipInterval i) =>
        (i with { Quarantines = [] }) + " quarantines: " + string.Join("; ", i.Quarantines.Select(q => $"{q.Lsn} {q.At:O} {q.Evidence}"));

    internal static IEnumerable<Ipv4Address> Ips() =>
        Enumerable.Range(10, 11).Select(n => Ipv4Address.Parse($"10.0.1.{n}")).Concat([Ipv4Address.Parse("10.0.2.20"), Ipv4Address.Parse("10.0.2.21")]);

    /// <summary>Pods come and go on the primary ENI after the scripted story; returns the last event's time in seconds.</summary>
    internal static async Task<double> ChurnAsync(ScenarioJournal scenario, int seed, int steps)
    {
        var random = new Random(seed);
        double t = 300;
        await scenario.DecideAsync(new RecordPoolIpsAdded(ScenarioJournal.At(t), Cause.Of(CauseKind.WarmPool), "eni-primary",
            new ValueList<Ipv4Address>(Enumerable.Range(12, 9).Select(n => Ipv4Address.Parse($"10.0.1.{n}")).ToList())));
        var live = new List<int>();
        for (int step = 0, next = 100; step < steps; step++)
        {
            t += random.Next(1, 20);
            PoolCommand command = live.Count > 0 && random.Next(3) == 0
                ? new ReleaseIpByKey(ScenarioJournal.At(t), Cause.Of(CauseKind.CniRequest), ScenarioJournal.Key(live[random.Next(live.Count)]), ReleaseReason.CniDel)
                : new AllocateIp(ScenarioJournal.At(t), new Cause(CauseKind.CniRequest, $"add-{next}"), ScenarioJournal.Key(next), ScenarioJournal.Pod(next), $"/var/run/netns/cni-{next}");
            if (!scenario.Pool.Decide(command).Accepted)
            {
                continue; // no IP out of cooldown right now
            }

            await scenario.DecideAsync(command);
            if (command is AllocateIp)
            {
                live.Add(next++);
            }
            else if (command is ReleaseIpByKey release)
            {
                live.RemoveAll(n => ScenarioJournal.Key(n) == release.Key);
            }
        }

        return t;
    }
}
