namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// Whether the warm pool's last growth attempt found the subnet out of addresses: the maintenance loop records it and
/// waits before growing again; a refused ADD reads it to say "subnet has no free addresses" instead of "refilling".
/// </summary>
/// <remarks>Cleared by the next growth that succeeds. One reference swap per change, so readers on gRPC threads need no lock.</remarks>
public sealed class SubnetExhaustion
{
    private Blocked? _last;

    /// <summary>The EC2 error of the last growth attempt when it was subnet exhaustion; null when growth last worked (or never failed so).</summary>
    public string? Reason => _last?.Reason;

    /// <summary>True while the pool waits before asking EC2 again after subnet exhaustion.</summary>
    public bool BlocksGrowth(DateTimeOffset now) => _last is { } last && now < last.Until;

    /// <summary>Records that growth failed for lack of subnet addresses; no growth until <paramref name="until"/>.</summary>
    public void Record(string reason, DateTimeOffset until) => _last = new Blocked(reason, until);

    /// <summary>Records that growth worked: the subnet had addresses.</summary>
    public void Clear() => _last = null;

    private sealed record Blocked(string Reason, DateTimeOffset Until);
}
