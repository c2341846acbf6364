namespace EsCni.Projections.WhatIf;

/// <summary>How one EC2 action behaved for this node, as the simulation replays it.</summary>
/// <param name="Api">The EC2 action, e.g. AssignPrivateIpAddresses.</param>
/// <param name="Latency">Median intent → outcome time the journal recorded (after the SDK's own retries), or the default.</param>
/// <param name="FailureRate">Share of the recorded calls that failed (throttles and errors that outlived the retries), 0..1.</param>
/// <param name="FailureCode">The most common error code of those failures, recorded on a simulated failure.</param>
/// <param name="Observed">Calls the journal timed; 0 means <see cref="Latency"/> is the model's default.</param>
public sealed record Ec2ApiBehaviour(string Api, TimeSpan Latency, double FailureRate, string FailureCode, int Observed);
