using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using EsCni.Domain.RuntimeGc;

namespace EsCni.Domain.Tests.RuntimeGc;

/// <summary>
/// The runtime GC never frees a live pod's IP on bad evidence, and frees a dead one exactly once: random answer
/// sequences (full, failed, empty, partial) with random gaps, against a real pool (grace 60 s, 3 confirmations).
/// </summary>
public class AbsentSandboxesPropertyTests
{
    private const int Confirmations = 3;

    [Fact]
    public void Observe_OnlyFailedOrEmptyAnswers_NeverRelease()
    {
        Gen.Select(Gen.Int[1, 20], Gen.Select(Gen.Bool, Gen.Int[0, 600]).Array[1, 60]).Sample((pods, answers) =>
        {
            GcScenario s = new(GcScenario.Policy, pods);
            foreach ((bool failed, int seconds) in answers)
            {
                s.Advance(TimeSpan.FromSeconds(seconds));
                GcVerdict verdict = failed ? s.Failed() : s.Empty();
                Assert.Empty(verdict.Releases);
            }

            Assert.Equal(pods, s.Pool.Pool.AllocationCount);
        }, iter: 200);
    }

    [Fact]
    public void Observe_PartialAnswersShorterThanConfirmations_NeverReleaseALivePod()
    {
        // Blocks of fewer than `Confirmations` partial answers, each ended by a full, failed or empty one: what a
        // restarting or flaky runtime can say. Every pod is alive throughout.
        Gen<(int Mask, int Seconds)[]> partials = Gen.Select(Gen.Int, Gen.Int[0, 120]).Array[0, Confirmations - 1];
        Gen<((int Mask, int Seconds)[] Partials, int End, int Seconds)[]> blocks = Gen.Select(partials, Gen.Int[0, 2], Gen.Int[0, 120]).Array[1, 25];
        Gen.Select(Gen.Int[1, 16], blocks).Sample((pods, sequence) =>
        {
            GcScenario s = new(GcScenario.Policy, pods);
            foreach (((int Mask, int Seconds)[] block, int end, int seconds) in sequence)
            {
                foreach ((int mask, int gap) in block)
                {
                    s.Advance(TimeSpan.FromSeconds(gap));
                    s.Partial(pod => (mask & (1 << pod)) != 0);
                }

                s.Advance(TimeSpan.FromSeconds(seconds));
                _ = end switch { 0 => s.Full(), 1 => s.Failed(), _ => s.Empty() };
            }

            Assert.Empty(s.ReleasedPods());
        }, iter: 300);
    }

    [Fact]
    public void Observe_AnyAnswersWithinGrace_NeverRelease()
    {
        Gen.Select(Gen.Int[1, 16], Gen.Select(Gen.Int[0, 3], Gen.Int, Gen.Int[0, 5]).Array[1, 11]).Sample((pods, answers) =>
        {
            GcScenario s = new(GcScenario.Policy, pods);
            foreach ((int kind, int mask, int seconds) in answers) // at most 11 x 5 s = 55 s < 60 s grace
            {
                s.Advance(TimeSpan.FromSeconds(seconds));
                Answer(s, kind, mask);
            }

            Assert.Empty(s.ReleasedPods());
        }, iter: 300);
    }

    [Fact]
    public void Observe_RuntimeRestarts_FullFailedEmptyPartialFull_ReleaseNothing()
    {
        Gen<(int Failed, int Empty, int Partial, int Mask, int Gap)> restart = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[0, Confirmations - 1], Gen.Int, Gen.Int[1, 600]);
        Gen.Select(Gen.Int[1, 16], restart.Array[1, 10]).Sample((pods, restarts) =>
        {
            GcScenario s = new(GcScenario.Policy, pods);
            foreach ((int failed, int empty, int partial, int mask, int seconds) in restarts)
            {
                TimeSpan gap = TimeSpan.FromSeconds(seconds);
                s.Full();
                Repeat(failed, () => { s.Advance(gap); s.Failed(); });
                Repeat(empty, () => { s.Advance(gap); s.Empty(); });
                Repeat(partial, () => { s.Advance(gap); s.Partial(pod => (mask & (1 << pod)) != 0); });
                s.Advance(gap);
            }

            s.Full();
            Assert.Empty(s.ReleasedPods());
            Assert.Equal(pods, s.Pool.Pool.AllocationCount);
        }, iter: 300);
    }

    [Fact]
    public void Observe_SandboxesTrulyGone_EachReleasedExactlyOnceWhenConfirmationsAndGraceAreMet()
    {
        // alive pods, gone pods (at most as many as alive, so no answer is suspicious), then answers: full or failed/empty.
        Gen<(int Kind, int Seconds)[]> answers = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 90]).Array[1, 40];
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], answers).Where((alive, gone, _) => gone <= alive).Sample((alive, gone, sequence) =>
        {
            GcScenario s = new(GcScenario.Policy, alive + gone);
            var goneIds = Enumerable.Range(alive, gone).ToList();
            goneIds.ForEach(s.Remove);

            // The model: one streak shared by every gone pod, restarted by a failed or empty answer.
            int streak = 0;
            DateTimeOffset first = default;
            int? expectedAt = null;
            for (int i = 0; i < sequence.Length; i++)
            {
                (int kind, int seconds) = sequence[i];
                s.Advance(TimeSpan.FromSeconds(seconds));
                GcVerdict verdict = kind switch { 4 => s.Failed(), 5 => s.Empty(), _ => s.Full() };
                if (kind >= 4)
                {
                    streak = 0;
                }
                else if (expectedAt is null && ++streak == 1)
                {
                    first = s.Pool.Now;
                }

                bool due = expectedAt is null && streak >= Confirmations && s.Pool.Now - first >= GcScenario.Policy.Grace;
                expectedAt ??= due ? i : null;
                Assert.Equal(due ? gone : 0, verdict.Releases.Count);
            }

            List<int> released = s.ReleasedPods();
            Assert.Equal(expectedAt is null ? [] : goneIds, released.Order().ToList());
            Assert.Equal(released.Count, released.Distinct().Count());
        }, iter: 400);
    }

    // 0 full, 1 failed, 2 empty, 3 partial (the pods whose bit is set in the mask).
    private static GcVerdict Answer(GcScenario s, int kind, int mask) => kind switch
    {
        0 => s.Full(),
        1 => s.Failed(),
        2 => s.Empty(),
        _ => s.Partial(pod => (mask & (1 << pod)) != 0),
    };

    private static void Repeat(int times, Action action)
    {
        for (int i = 0; i < times; i++)
        {
            action();
        }
    }
}
