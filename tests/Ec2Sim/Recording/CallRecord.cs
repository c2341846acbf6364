using System;

namespace EsCni.Ec2Sim.Recording;

/// <summary>One recorded EC2 or IMDS call.</summary>
/// <param name="Sequence">1-based order of arrival.</param>
/// <param name="Time">When it arrived (simulator clock).</param>
/// <param name="Api">"ec2" or "imds".</param>
/// <param name="Action">EC2 Action (e.g. AssignPrivateIpAddresses), or the IMDS path (e.g. meta-data/mac, api/token).</param>
/// <param name="Parameters">Parameters in one line (EC2), empty for IMDS.</param>
/// <param name="Outcome">"ok", "error" (an error response was sent) or "lost" (applied, response dropped or held).</param>
/// <param name="ErrorCode">EC2 error code or HTTP reason for IMDS; null when ok.</param>
/// <param name="HttpStatus">Status sent (or that would have been sent, for lost responses).</param>
/// <param name="RequestId">EC2 requestId (empty for IMDS).</param>
/// <param name="DurationMs">Time spent in the simulator, injected latency included.</param>
public sealed record CallRecord(
    long Sequence,
    DateTimeOffset Time,
    string Api,
    string Action,
    string Parameters,
    string Outcome,
    string? ErrorCode,
    int HttpStatus,
    string RequestId,
    double DurationMs);
