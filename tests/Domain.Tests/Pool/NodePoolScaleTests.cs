using System;
using System.Collections.Generic;
using System.Diagnostics;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Pool;
using Xunit.Abstractions;

namespace EsCni.Domain.Tests.Pool;

/// <summary>Long-only (ESCNI_LONG=1, skipped otherwise): a million-event journal rebuilds to the live state and checks clean; durations are printed, not asserted.</summary>
public class NodePoolScaleTests(ITestOutputHelper output)
{
    [LongFact]
    public void Rebuild_MillionEventJournal_EqualsLiveAndChecksClean() =>
        RebuildAndCheck("IPv4", PoolScenario.Started(enis: 3, ipsAdded: 9), (s, i) => new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(i), PoolScenario.PodOf(i % 50), "ns"));

    // The sparse /80 model: half a million pods through one /80, each address once, none enumerated.
    [LongFact]
    public void Rebuild_MillionEventIpv6Journal_EqualsLiveAndChecksClean() =>
        RebuildAndCheck("IPv6", NodePoolIpv6Tests.WithSlash80(), (s, i) => new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(i), PoolScenario.PodOf(i % 50), "ns"));

    // Allocate/release pairs (one pod at a time) until the journal holds a million events, then rebuild and check it.
    private void RebuildAndCheck(string label, PoolScenario s, Func<PoolScenario, int, PoolCommand> allocate)
    {
        for (int i = 0; s.Journal.Count < 1_000_000; i++)
        {
            s.Now += TimeSpan.FromSeconds(4);
            s.Must(i % 2 == 0 ? allocate(s, i) : new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(i - 1), ReleaseReason.CniDel));
        }

        List<RecordedEvent> journal = s.Journal;
        Stopwatch rebuild = Stopwatch.StartNew();
        NodePool rebuilt = NodePool.Rebuild(journal);
        rebuild.Stop();
        Stopwatch check = Stopwatch.StartNew();
        IReadOnlyList<InvariantViolation> violations = InvariantChecker.Check(journal, expectedFirstLsn: 1);
        check.Stop();

        output.WriteLine($"{label}: rebuild {journal.Count} events: {rebuild.ElapsedMilliseconds} ms; invariant check: {check.ElapsedMilliseconds} ms");
        Assert.Empty(violations);
        Assert.Equal(s.Pool.ToSnapshot(), rebuilt.ToSnapshot());
    }
}
