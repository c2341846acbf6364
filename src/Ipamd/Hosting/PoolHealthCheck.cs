using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EsCni.Ipamd.Hosting;

/// <summary>grpc.health.v1 answer for liveness/readiness probes: serving once the pool answers and the journal is healthy.</summary>
internal sealed class PoolHealthCheck : IHealthCheck
{
    private readonly DurableNodePool _pool;
    private readonly DaemonReadiness _readiness;
    private readonly TimeProvider _time;

    public PoolHealthCheck(DurableNodePool pool, DaemonReadiness readiness, TimeProvider time)
    {
        _pool = pool;
        _readiness = readiness;
        _time = time;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        PoolCounts counts = _pool.Read(p => p.GetCounts(now));
        string? reason = _readiness.NotReadyReason(counts);
        return Task.FromResult(reason is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(reason));
    }
}
