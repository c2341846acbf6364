using System;
using System.Collections.Generic;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Domain.RuntimeGc;
using EsCni.Domain.Tests.Pool;

namespace EsCni.Domain.Tests.RuntimeGc;

/// <summary>
/// A real pool plus a runtime whose sandboxes the test controls, and the runtime GC between them: every release it
/// decides goes through the pool as a command, so "released once" is read from the journal.
/// </summary>
internal sealed class GcScenario
{
    private readonly HashSet<int> _running = [];

    public GcScenario(RuntimeGcPolicy policy, int pods)
    {
        Gc = new AbsentSandboxes(policy);
        Pool.Now -= TimeSpan.FromMinutes(1); // allocations come before the first answer
        for (int n = 0; n < pods; n++)
        {
            Pool.Allocate(n);
            _running.Add(n);
        }

        Pool.Now += TimeSpan.FromMinutes(1);
    }

    public static RuntimeGcPolicy Policy { get; } = new(TimeSpan.FromSeconds(60), confirmations: 3, maxReleasesPerPass: 100, maxAbsentFraction: 0.5);

    public PoolScenario Pool { get; } = PoolScenario.Started(enis: 1, ipsPerEni: 50, ipsAdded: 49);

    public AbsentSandboxes Gc { get; }

    public List<GcVerdict> Verdicts { get; } = [];

    public IReadOnlySet<int> Running => _running;

    /// <summary>The pod's sandbox is removed from the runtime (its DEL never reached the daemon).</summary>
    public void Remove(int pod) => _running.Remove(pod);

    /// <summary>The runtime answers with every running sandbox.</summary>
    public GcVerdict Full() => Observe(SandboxObservation.Listed(Pool.Now, _running.Select(Sandbox).ToList()));

    /// <summary>The runtime answers with only the running sandboxes <paramref name="keep"/> picks (a runtime still loading its state).</summary>
    public GcVerdict Partial(Func<int, bool> keep) => Observe(SandboxObservation.Listed(Pool.Now, _running.Where(keep).Select(Sandbox).ToList()));

    public GcVerdict Empty() => Observe(SandboxObservation.Listed(Pool.Now, []));

    public GcVerdict Failed() => Observe(SandboxObservation.Failed(Pool.Now, "connection refused"));

    public GcVerdict Observe(SandboxObservation observation)
    {
        GcVerdict verdict = Gc.Observe(Pool.Pool.GetAllocations(), observation);
        foreach (GcRelease release in verdict.Releases)
        {
            Pool.Must(release.ToCommand(Pool.Now, Cause.Of(CauseKind.Reconciler)));
        }

        Verdicts.Add(verdict);
        return verdict;
    }

    public void Advance(TimeSpan by) => Pool.Now += by;

    /// <summary>Every RuntimeGc release in the journal, by pod number.</summary>
    public List<int> ReleasedPods() => Pool.Journal
        .Select(r => r.Event).OfType<IpReleased>()
        .Where(e => e.Reason == ReleaseReason.RuntimeGc)
        .Select(e => int.Parse(e.Key.ContainerId["container-".Length..], System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    public static ObservedSandbox Sandbox(int pod) => new(PoolScenario.Key(pod).ContainerId, PoolScenario.PodOf(pod), Ready: true);
}
