namespace EsCni.Projections.Ec2;

/// <summary>The part an event plays in an EC2 call.</summary>
public enum Ec2CallStepKind
{
    /// <summary>The daemon is about to call EC2 (recorded before the call, so a crash leaves it pending).</summary>
    Intent,

    /// <summary>The call's result. It counts only when it settles an open intent: without one it records what the
    /// daemon found on EC2 (an adoption at startup or by the reconciler), not a call it made.</summary>
    Outcome,

    /// <summary>A call recorded in one event (attach and delete have no intent event).</summary>
    Whole,
}
