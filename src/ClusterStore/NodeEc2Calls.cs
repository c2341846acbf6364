using EsCni.Projections.Ec2;

namespace EsCni.ClusterStore;

/// <summary>EC2 mutations a node made, counted from its intent/outcome events, per API and outcome.</summary>
/// <remarks>Counts what <see cref="Ec2CallOfEvent"/> calls a call, as <c>replay stats</c> does for one journal.</remarks>
public sealed class NodeEc2Calls
{
    /// <summary>Node name (the document id).</summary>
    public string Id { get; set; } = "";

    /// <summary>Successful calls per API name (CreateNetworkInterface, AssignPrivateIpAddresses, ...).</summary>
    public Dictionary<string, long> Succeeded { get; set; } = [];

    /// <summary>Failed calls per API name.</summary>
    public Dictionary<string, long> Failed { get; set; } = [];

    /// <summary>Intents with no outcome yet (<see cref="Ec2CallStep.Key"/>): an outcome counts only when it settles one.</summary>
    public HashSet<string> Open { get; set; } = [];

    /// <summary>Time of the newest counted call.</summary>
    public DateTimeOffset LastCallAt { get; set; }

    /// <summary>Folds one step of a call made at <paramref name="at"/>.</summary>
    public void Record(Ec2CallStep step, DateTimeOffset at)
    {
        switch (step.Kind)
        {
            case Ec2CallStepKind.Intent:
                Open.Add(step.Key);
                break;
            case Ec2CallStepKind.Outcome when Open.Remove(step.Key):
            case Ec2CallStepKind.Whole:
                Dictionary<string, long> counts = step.ErrorCode is null ? Succeeded : Failed;
                counts[step.Api] = counts.GetValueOrDefault(step.Api) + 1;
                LastCallAt = at;
                break;
            default:
                break;
        }
    }
}
