namespace EsCni.Projections.Ec2;

/// <summary>One EC2 mutation the node made, derived from its intent and outcome events and their causes.</summary>
/// <param name="Api">The EC2 action, e.g. "AssignPrivateIpAddresses".</param>
/// <param name="Subject">The ENI id, or the ClientToken of a create.</param>
/// <param name="RequestedAt">Time of the intent (or of the outcome for calls recorded in one event).</param>
/// <param name="RequestedLsn">LSN of the intent.</param>
/// <param name="Outcome">Pending, succeeded or failed.</param>
/// <param name="CompletedAt">Time of the outcome event.</param>
/// <param name="CompletedLsn">LSN of the outcome event.</param>
/// <param name="ErrorCode">The EC2 error code of a failure.</param>
/// <param name="AwsRequestId">The AWS request id from the outcome's cause, when recorded.</param>
/// <param name="ClientToken">The idempotency token, when the call carried one.</param>
public sealed record Ec2Call(
    string Api,
    string Subject,
    DateTimeOffset RequestedAt,
    long RequestedLsn,
    Ec2CallOutcome Outcome,
    DateTimeOffset? CompletedAt,
    long? CompletedLsn,
    string? ErrorCode,
    string? AwsRequestId,
    string? ClientToken)
{
    /// <summary>True when EC2 throttled the call (RequestLimitExceeded and its relatives).</summary>
    public bool IsThrottled => ErrorCode is "RequestLimitExceeded" or "Throttling" or "ThrottlingException";
}
