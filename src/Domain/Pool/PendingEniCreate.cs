namespace EsCni.Domain.Pool;

/// <summary>An ENI create whose outcome is not recorded yet; on restart it is settled by asking EC2 with the token.</summary>
/// <param name="ClientToken">The EC2 idempotency token.</param>
/// <param name="SubnetId">The subnet asked for.</param>
/// <param name="RequestedAt">When the intent was recorded.</param>
public sealed record PendingEniCreate(string ClientToken, string SubnetId, DateTimeOffset RequestedAt);
