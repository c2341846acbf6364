namespace EsCni.Cloud;

/// <summary>Proof of one EC2 mutation or read, for the event that records it as its cause.</summary>
/// <param name="Api">EC2 action name of the decisive call, e.g. <c>CreateNetworkInterface</c>.</param>
/// <param name="RequestId">AWS request id of the decisive call; null when the result came from a recovery lookup
/// whose own request id is given instead, or when EC2 never answered.</param>
/// <param name="ClientToken">Idempotency token sent, if the API takes one.</param>
/// <param name="Attempts">HTTP attempts the call took.</param>
/// <param name="Recovered">True when the mutation's answer was lost and the result was found afterwards by asking
/// EC2 (ClientToken tag lookup), rather than read from the mutation's own answer.</param>
public sealed record Ec2Receipt(string Api, string? RequestId, string? ClientToken, int Attempts, bool Recovered = false);

/// <summary>A value read from or created in EC2, with the receipt of the call that produced it.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Receipt">The call that produced it.</param>
public sealed record Ec2Result<T>(T Value, Ec2Receipt Receipt);
