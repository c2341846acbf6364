namespace EsCni.Domain.Pool;

/// <summary>Why a command was refused, with a message that names the value and what to do.</summary>
/// <param name="Code">The machine-readable reason.</param>
/// <param name="Message">The human-readable reason.</param>
public sealed record Rejection(RejectionCode Code, string Message)
{
    /// <summary>
    /// True when the refusal means "no free IP for this ADD" — whether one is coming, the node is at capacity or the
    /// subnet is exhausted. The daemon counts these as one metric and answers them with one gRPC code, so a new
    /// shortage reason only needs adding here.
    /// </summary>
    public bool IsIpShortage => Code is RejectionCode.NoIpAvailable or RejectionCode.AtCapacity or RejectionCode.SubnetExhausted
        or RejectionCode.NoIpv6Prefix or RejectionCode.Ipv6PrefixExhausted;
}
