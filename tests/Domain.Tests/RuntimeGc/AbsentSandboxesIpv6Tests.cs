using System;
using System.Collections.Generic;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Domain.RuntimeGc;
using EsCni.Domain.Tests.Pool;

namespace EsCni.Domain.Tests.RuntimeGc;

/// <summary>
/// The runtime GC judges IPv6 allocations by the IPv4 rules: released (reason RuntimeGc, with the evidence) only after
/// their sandbox is absent from enough answers over the grace; an empty answer or a failure releases nothing.
/// </summary>
public class AbsentSandboxesIpv6Tests
{
    private static readonly RuntimeGcPolicy s_policy = GcScenario.Policy;

    private static PoolScenario Ipv6Pods(int pods)
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Now -= TimeSpan.FromMinutes(1); // allocations come before the first answer
        for (int n = 0; n < pods; n++)
        {
            s.Must(new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(n), PoolScenario.PodOf(n), $"/var/run/netns/{n}"));
        }

        s.Now += TimeSpan.FromMinutes(1);
        return s;
    }

    // One answer listing the pods' sandboxes; the verdict's IPv6 releases go through the pool as the daemon sends them.
    private static GcVerdict Answer(PoolScenario s, AbsentSandboxes gc, IEnumerable<int> running)
    {
        GcVerdict verdict = gc.Observe(s.Pool.GetAllocations(), s.Pool.GetIpv6Allocations(), SandboxObservation.Listed(s.Now, running.Select(GcScenario.Sandbox).ToList()));
        foreach (GcIpv6Release release in verdict.Ipv6Releases)
        {
            s.Must(release.ToCommand(s.Now, Cause.Of(CauseKind.Reconciler)));
        }

        s.Now += TimeSpan.FromSeconds(31);
        return verdict;
    }

    [Fact]
    public void Ipv6PodAbsentForThreeAnswersOverTheGrace_IsReleasedOnceWithTheEvidence_OthersStay()
    {
        PoolScenario s = Ipv6Pods(4);
        var gc = new AbsentSandboxes(s_policy);
        int[] running = [0, 1, 3];

        Assert.Empty(Answer(s, gc, running).Ipv6Releases);
        Assert.Empty(Answer(s, gc, running).Ipv6Releases);
        GcVerdict third = Answer(s, gc, running);
        Answer(s, gc, running);

        GcIpv6Release release = Assert.Single(third.Ipv6Releases);
        Assert.Equal(PoolScenario.Key(2), release.Allocation.Key);
        Assert.Empty(third.Releases);
        Ipv6Released released = Assert.Single(s.Journal.Select(r => r.Event).OfType<Ipv6Released>());
        Assert.Equal((ReleaseReason.RuntimeGc, release.Allocation.Address), (released.Reason, released.Address));
        Assert.Contains("absent from 3 consecutive CRI ListPodSandbox answers", released.Evidence, StringComparison.Ordinal);
        Assert.Equal(3, s.Pool.Ipv6AllocationCount);
        Assert.False(s.Pool.TryGetIpv6Allocation(PoolScenario.Key(2), out _));
    }

    [Fact]
    public void EmptyOrFailedAnswers_WithOnlyIpv6Pods_ReleaseNothingAndRestartTheStreaks()
    {
        PoolScenario s = Ipv6Pods(2);
        var gc = new AbsentSandboxes(s_policy);

        Answer(s, gc, [0]);
        Answer(s, gc, [0]);
        GcVerdict empty = Answer(s, gc, []);
        GcVerdict failed = gc.Observe(s.Pool.GetAllocations(), s.Pool.GetIpv6Allocations(), SandboxObservation.Failed(s.Now, "connection refused"));
        GcVerdict afterwards = Answer(s, gc, [0]);

        Assert.Equal(GcPassOutcome.EmptyAnswer, empty.Outcome);
        Assert.Equal(GcPassOutcome.RuntimeFailed, failed.Outcome);
        Assert.Empty(afterwards.Ipv6Releases); // the streak started over: one answer, not three
        Assert.Equal(2, s.Pool.Ipv6AllocationCount);
    }

    [Fact]
    public void MostIpv6PodsMissingAtOnce_IsSuspicious_AndNeedsMoreAnswers()
    {
        PoolScenario s = Ipv6Pods(4);
        var gc = new AbsentSandboxes(s_policy);

        List<GcVerdict> verdicts = [.. Enumerable.Range(0, 3).Select(_ => Answer(s, gc, [0]))];

        Assert.All(verdicts, v => Assert.Equal(GcPassOutcome.Suspicious, v.Outcome));
        Assert.All(verdicts, v => Assert.Empty(v.Ipv6Releases));
        Assert.Equal(4, s.Pool.Ipv6AllocationCount);
    }
}
