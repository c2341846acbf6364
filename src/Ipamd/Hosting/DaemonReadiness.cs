namespace EsCni.Ipamd.Hosting;

/// <summary>Whether the daemon can serve ADD now, and why not: the answer behind gRPC health, STATUS and /v1/pool.</summary>
public sealed class DaemonReadiness
{
    private readonly DurableNodePool _pool;
    private TimeSpan? _timeToReady;

    /// <summary>Tracks readiness of the given pool.</summary>
    public DaemonReadiness(DurableNodePool pool)
    {
        _pool = pool;
    }

    /// <summary>ENABLE_IPv6: not ready until the node holds its /80 (every ADD is refused before).</summary>
    public bool Ipv6 { get; init; }

    /// <summary>How long the process took from start to serving, once it serves.</summary>
    public TimeSpan? TimeToReady => _timeToReady;

    /// <summary>Records that the socket is open and the pool answers.</summary>
    public void MarkServing(TimeSpan timeToReady) => _timeToReady = timeToReady;

    /// <summary>Null when ADD can be served; otherwise the reason, in words an operator can act on.</summary>
    public string? NotReadyReason(PoolCounts counts)
    {
        if (_pool.Failure is { } failure)
        {
            return $"the journal failed ({failure.Message}); escni-ipamd is stopping";
        }

        if (_timeToReady is null)
        {
            return "escni-ipamd is still recovering its journal";
        }

        if (!_pool.Read(p => p.Node is not null))
        {
            return "node initialization has not finished: escni-ipamd is reading IMDS and EC2 for the first time";
        }

        if (counts.Enis == 0)
        {
            return "no ENI is attached to the pool yet";
        }

        return Ipv6 && _pool.Read(p => p.Ipv6Prefixes.Count == 0)
            ? "ENABLE_IPv6: the node has no IPv6 /80 yet; escni-ipamd is requesting one on the primary ENI (AssignIpv6Addresses)"
            : null;
    }
}
