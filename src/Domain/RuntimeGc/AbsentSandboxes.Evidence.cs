using EsCni.Domain.Pool;

namespace EsCni.Domain.RuntimeGc;

/// <summary>The words that go into the journal and the log: what the runtime's answers showed.</summary>
public sealed partial class AbsentSandboxes
{
    // The IpReleased evidence is what an operator reads in `replay who-had` months later, so it names the answers'
    // times, the rule that was met, and what the runtime lists for the pod now (a re-created sandbox is the usual story).
    private string Evidence(Judged allocation, Streak streak, SandboxObservation last)
    {
        var others = last.Sandboxes
            .Where(s => allocation.Pod.Uid.Length > 0 ? s.Pod.Uid == allocation.Pod.Uid : s.Pod.Namespace == allocation.Pod.Namespace && s.Pod.Name == allocation.Pod.Name)
            .Select(s => $"{s.Id} ({(s.Ready ? "READY" : "NOTREADY")})")
            .ToList();
        string now = others.Count == 0 ? "the runtime lists no sandbox of this pod" : "the pod's sandbox is now " + string.Join(", ", others);
        string stricter = streak.Suspicious ? $", {RuntimeGcPolicy.SuspiciousFactor}x because an answer lacked many sandboxes at once" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"sandbox {allocation.Key.ContainerId} of pod {allocation.Pod} (uid {allocation.Pod.Uid}) absent from {streak.Count} consecutive CRI ListPodSandbox answers asked {Time(streak.FirstAt)} .. {Time(streak.LastAt)} (rule: {Policy.ConfirmationsNeeded(streak.Suspicious)} answers{stricter}, over at least {Policy.Grace.TotalSeconds} s); allocated {Time(allocation.AllocatedAt)} at LSN {allocation.AllocatedLsn}, before the first; {now}");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);

    private string Explain(GcPassOutcome outcome, SandboxObservation observation, int judged, int absent, int released, int due)
    {
        string suspicion = outcome == GcPassOutcome.Suspicious
            ? string.Create(CultureInfo.InvariantCulture, $" (suspicious: more than {Policy.MaxAbsentFraction:P0} missing at once, so these need {Policy.ConfirmationsNeeded(true)} answers)")
            : string.Empty;
        string capped = due > released ? $", {due - released} more due but over the cap of {Policy.MaxReleasesPerPass} per pass" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"runtime listed {observation.Sandboxes.Count} sandbox(es); {absent} of {judged} allocation(s) absent{suspicion}; {released} released{capped}");
    }
}
