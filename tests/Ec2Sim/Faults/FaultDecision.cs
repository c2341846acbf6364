namespace EsCni.Ec2Sim.Faults;

/// <summary>What the injector decided for one EC2 call.</summary>
public enum FaultDecision
{
    /// <summary>Run the call normally.</summary>
    None,

    /// <summary>Fail with Unavailable (503): the outage switch is on.</summary>
    Outage,

    /// <summary>Fail with RequestLimitExceeded (503).</summary>
    Throttle,

    /// <summary>Fail with InternalError (500).</summary>
    Error,
}
