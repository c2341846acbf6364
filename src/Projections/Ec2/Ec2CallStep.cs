namespace EsCni.Projections.Ec2;

/// <summary>What one event says about one EC2 call (see <see cref="Ec2CallOfEvent"/>).</summary>
/// <param name="Api">The EC2 action, e.g. "AssignPrivateIpAddresses".</param>
/// <param name="Subject">What pairs an intent with its outcome: the ENI id, or the ClientToken of a create.</param>
/// <param name="Kind">Whether the event opens the call, settles it or is the whole call.</param>
/// <param name="ErrorCode">The EC2 error code when the event records a failure; null for success and for intents.</param>
public readonly record struct Ec2CallStep(string Api, string Subject, Ec2CallStepKind Kind, string? ErrorCode)
{
    /// <summary>The key an intent and its outcome share.</summary>
    public string Key => Api + "|" + Subject;
}
