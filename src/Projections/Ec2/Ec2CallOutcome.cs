namespace EsCni.Projections.Ec2;

/// <summary>How an EC2 call recorded in the journal ended.</summary>
public enum Ec2CallOutcome
{
    /// <summary>The intent is recorded, the outcome is not (a crash or a call in flight; the reconciler settles it).</summary>
    Pending,

    /// <summary>EC2 did what was asked.</summary>
    Succeeded,

    /// <summary>EC2 refused or failed the call (see <see cref="Ec2Call.ErrorCode"/>).</summary>
    Failed,
}
