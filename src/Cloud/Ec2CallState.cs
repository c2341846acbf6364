namespace EsCni.Cloud;

/// <summary>What one logical EC2 call accumulates across its attempts, for its <see cref="Ec2CallRecord"/>.</summary>
internal sealed class Ec2CallState
{
    /// <summary>False for calls that must not be repeated when an attempt may have been applied (assigning IPs by
    /// count would assign them twice); such calls are retried only when EC2 certainly refused them (throttling).</summary>
    public bool RepeatableAfterUnknownOutcome { get; init; } = true;

    /// <summary>HTTP attempts started.</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts EC2 throttled.</summary>
    public int Throttles { get; set; }

    /// <summary>Time spent waiting for local tokens.</summary>
    public TimeSpan LimiterWait { get; set; }

    /// <summary>Request id of the last attempt EC2 answered.</summary>
    public string? RequestId { get; set; }

    /// <summary>Set once an attempt failed in a way that may have applied a mutation (timeout, lost connection, 5xx).</summary>
    public bool OutcomeUnknown { get; set; }
}
