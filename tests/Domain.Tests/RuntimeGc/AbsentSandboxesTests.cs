using System;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Domain.RuntimeGc;
using EsCni.Domain.Tests.Pool;

namespace EsCni.Domain.Tests.RuntimeGc;

/// <summary>The runtime GC's rules, one at a time, against a real pool (grace 60 s, 3 confirmations, suspicious above 50 %).</summary>
public class AbsentSandboxesTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(30);

    [Fact]
    public void Observe_SandboxGoneForConfirmationsAndGrace_ReleasedOnceWithEvidence()
    {
        GcScenario s = new(GcScenario.Policy, pods: 4);
        s.Remove(3);

        Assert.Empty(s.Full().Releases);            // t+0: 1 answer
        s.Advance(s_step);
        Assert.Empty(s.Full().Releases);            // t+30: 2 answers
        s.Advance(s_step);
        GcVerdict due = s.Full();                   // t+60: 3 answers over 60 s

        GcRelease release = Assert.Single(due.Releases);
        Assert.Equal(PoolScenario.Key(3), release.Allocation.Key);
        Assert.Equal(GcPassOutcome.Counted, due.Outcome);
        IpReleased released = s.Pool.Journal.Select(r => r.Event).OfType<IpReleased>().Single();
        Assert.Equal(ReleaseReason.RuntimeGc, released.Reason);
        Assert.Contains("sandbox container-3 of pod default/pod-3", released.Evidence, StringComparison.Ordinal);
        Assert.Contains("absent from 3 consecutive CRI ListPodSandbox answers", released.Evidence, StringComparison.Ordinal);
        Assert.Contains("the runtime lists no sandbox of this pod", released.Evidence, StringComparison.Ordinal);

        for (int i = 0; i < 10; i++)
        {
            s.Advance(s_step);
            Assert.Empty(s.Full().Releases);
        }

        Assert.Equal([3], s.ReleasedPods());
    }

    [Fact]
    public void Observe_ConfirmationsMetBeforeGrace_WaitsForGrace()
    {
        GcScenario s = new(GcScenario.Policy, pods: 4);
        s.Remove(0);

        for (int i = 0; i < 6; i++)
        {
            Assert.Empty(s.Full().Releases); // 6 answers 10 s apart span 50 s < 60 s
            s.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Single(s.Full().Releases); // the 7th is 60 s after the first
    }

    [Fact]
    public void Observe_ContainerdRestart_FullFailedEmptyPartialFull_ReleasesNothingEvenWithLongGaps()
    {
        GcScenario s = new(GcScenario.Policy, pods: 6);

        for (int restart = 0; restart < 5; restart++)
        {
            Assert.Equal(GcPassOutcome.Counted, s.Full().Outcome);
            s.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(GcPassOutcome.RuntimeFailed, s.Failed().Outcome);
            s.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(GcPassOutcome.EmptyAnswer, s.Empty().Outcome);
            s.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(GcPassOutcome.Suspicious, s.Partial(pod => pod < 2).Outcome);
            s.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(GcPassOutcome.Counted, s.Full().Outcome);
        Assert.All(s.Verdicts, v => Assert.Empty(v.Releases));
        Assert.Equal(6, s.Pool.Pool.AllocationCount);
        Assert.Equal(0, s.Gc.Tracked);
    }

    [Fact]
    public void Observe_FailedAnswerInsideStreak_StreakStartsOver()
    {
        GcScenario s = new(GcScenario.Policy, pods: 4);
        s.Remove(1);
        s.Full();
        s.Advance(s_step);
        s.Full();
        s.Advance(s_step);
        Assert.Equal(GcPassOutcome.RuntimeFailed, s.Failed().Outcome);
        s.Advance(s_step);
        Assert.Empty(s.Full().Releases); // 3 answers lacked it, but not consecutively
        s.Advance(s_step);
        Assert.Empty(s.Full().Releases);
        s.Advance(s_step);

        Assert.Single(s.Full().Releases);
    }

    [Fact]
    public void Observe_EmptyAnswerWithoutAllocations_IsAnAnswer()
    {
        GcScenario s = new(GcScenario.Policy, pods: 0);

        GcVerdict verdict = s.Empty();

        Assert.Equal(GcPassOutcome.Counted, verdict.Outcome);
        Assert.Equal(0, verdict.Absent);
    }

    [Fact]
    public void Observe_AllocationMadeAfterListWasAsked_NotJudgedByThatAnswer()
    {
        GcScenario s = new(GcScenario.Policy, pods: 3);
        DateTimeOffset asked = s.Pool.Now;
        s.Advance(TimeSpan.FromSeconds(1));
        s.Pool.Allocate(7); // the ADD lands while the list is in flight; the runtime has not stored its sandbox yet

        GcVerdict racing = s.Observe(SandboxObservation.Listed(asked, s.Running.Select(GcScenario.Sandbox).ToList()));

        Assert.Equal(0, racing.Absent);
        Assert.Equal(0, s.Gc.Tracked);
    }

    [Fact]
    public void Observe_SuspiciousAnswers_NeedTwiceTheConfirmations()
    {
        GcScenario s = new(GcScenario.Policy, pods: 4);
        s.Remove(0);
        s.Remove(1);
        s.Remove(2); // 3 of 4 gone: more than half

        for (int i = 0; i < 5; i++)
        {
            GcVerdict verdict = s.Full();
            Assert.Equal(GcPassOutcome.Suspicious, verdict.Outcome);
            Assert.Empty(verdict.Releases);
            s.Advance(s_step);
        }

        Assert.Equal(3, s.Full().Releases.Count); // the 6th
        Assert.Equal([0, 1, 2], s.ReleasedPods().Order());
    }

    [Fact]
    public void Observe_MoreDueThanTheCap_ReleasesCapPerPassUntilDone()
    {
        GcScenario s = new(new RuntimeGcPolicy(TimeSpan.FromSeconds(60), 3, maxReleasesPerPass: 2, maxAbsentFraction: 1.0), pods: 8);
        foreach (int pod in new[] { 1, 2, 3, 4, 5 })
        {
            s.Remove(pod);
        }

        s.Full();
        s.Advance(s_step);
        s.Full();
        s.Advance(s_step);

        GcVerdict first = s.Full();
        Assert.Equal(2, first.Releases.Count);
        Assert.Equal(3, first.Deferred);
        s.Advance(s_step);
        Assert.Equal(2, s.Full().Releases.Count);
        s.Advance(s_step);
        Assert.Single(s.Full().Releases);
        Assert.Equal([1, 2, 3, 4, 5], s.ReleasedPods().Order());
    }

    [Fact]
    public void Observe_NotReadySandboxListed_IsAlive()
    {
        GcScenario s = new(GcScenario.Policy, pods: 2);
        for (int i = 0; i < 10; i++)
        {
            GcVerdict verdict = s.Observe(SandboxObservation.Listed(s.Pool.Now, [GcScenario.Sandbox(0), GcScenario.Sandbox(1) with { Ready = false }]));
            Assert.Equal(0, verdict.Absent);
            s.Advance(s_step);
        }

        Assert.Empty(s.ReleasedPods());
    }

    [Fact]
    public void Observe_PodRunsInANewSandbox_OldAllocationReleasedAndEvidenceNamesTheNewOne()
    {
        GcScenario s = new(GcScenario.Policy, pods: 3);
        ObservedSandbox recreated = new("sandbox-new", PoolScenario.PodOf(2), Ready: false);
        GcVerdict verdict = s.Full();
        for (int i = 0; i < 3; i++)
        {
            verdict = s.Observe(SandboxObservation.Listed(s.Pool.Now, [GcScenario.Sandbox(0), GcScenario.Sandbox(1), recreated]));
            s.Advance(s_step);
        }

        GcRelease release = Assert.Single(verdict.Releases);
        Assert.Equal(PoolScenario.Key(2), release.Allocation.Key);
        Assert.Contains("the pod's sandbox is now sandbox-new (NOTREADY)", release.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCommand_KeyReallocatedAfterTheDecision_NewAllocationKept()
    {
        GcScenario s = new(GcScenario.Policy, pods: 2);
        s.Remove(1);
        GcVerdict verdict = s.Full();
        for (int i = 0; i < 2; i++)
        {
            s.Advance(s_step);
            verdict = s.Gc.Observe(s.Pool.Pool.GetAllocations(), SandboxObservation.Listed(s.Pool.Now, [GcScenario.Sandbox(0)]));
        }

        GcRelease stale = Assert.Single(verdict.Releases);
        s.Pool.Release(1);
        Allocation again = s.Pool.Allocate(1); // DEL and a new ADD of the same key between the decision and the write

        Decision decision = s.Pool.Must(stale.ToCommand(s.Pool.Now, Cause.Of(CauseKind.Reconciler)));

        Assert.Empty(decision.Events);
        Assert.True(s.Pool.Pool.TryGetAllocation(PoolScenario.Key(1), out Allocation? kept));
        Assert.Equal(again.Ip, kept.Ip);
    }

    [Theory]
    [InlineData(0, 3, 1, 0.5)]
    [InlineData(60, 1, 1, 0.5)]
    [InlineData(60, 3, 0, 0.5)]
    [InlineData(60, 3, 1, 0.0)]
    [InlineData(60, 3, 1, 1.5)]
    public void Policy_OutOfRange_Refused(int graceSeconds, int confirmations, int cap, double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RuntimeGcPolicy(TimeSpan.FromSeconds(graceSeconds), confirmations, cap, fraction));
    }
}
