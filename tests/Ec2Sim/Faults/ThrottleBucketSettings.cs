namespace EsCni.Ec2Sim.Faults;

/// <summary>A token bucket like EC2's per-account request-rate limits: a full bucket allows a burst of Capacity calls.</summary>
/// <param name="Capacity">Maximum tokens (burst size).</param>
/// <param name="RefillPerSecond">Tokens added per second.</param>
public sealed record ThrottleBucketSettings(int Capacity, double RefillPerSecond);
