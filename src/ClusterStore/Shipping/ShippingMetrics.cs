using Prometheus;

namespace EsCni.ClusterStore.Shipping;

/// <summary>The shipper's Prometheus metrics: the backlog (<c>escni_journal_unshipped_bytes</c>), progress and the two-writers alarm.</summary>
public sealed class ShippingMetrics
{
    /// <summary>
    /// Creates the metrics; <paramref name="unshippedBytes"/> is the daemon's own gauge (it reports the backlog before
    /// shipping starts), <paramref name="registry"/> defaults to Prometheus' default registry, the daemon's.
    /// </summary>
    public ShippingMetrics(Gauge unshippedBytes, CollectorRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(unshippedBytes);
        MetricFactory f = Prometheus.Metrics.WithCustomRegistry(registry ?? Prometheus.Metrics.DefaultRegistry);
        UnshippedBytes = unshippedBytes;
        ShippedLsn = f.CreateGauge("escni_journal_shipped_lsn", "Highest LSN the cluster store holds for this journal incarnation");
        ShippedEvents = f.CreateCounter("escni_journal_shipped_events_total", "Events committed to the cluster store by this daemon");
        ShippingErrors = f.CreateCounter("escni_journal_shipping_errors_total", "Failed shipping attempts (PostgreSQL unreachable, timeouts, unknown commit outcomes)");
        Conflict = f.CreateGauge("escni_journal_shipping_conflict", "1 when another writer shares this journal's stream and shipping stopped (alert on it)");
    }

    /// <summary>escni_journal_unshipped_bytes: frame bytes durable locally but not in PostgreSQL.</summary>
    public Gauge UnshippedBytes { get; }

    /// <summary>escni_journal_shipped_lsn.</summary>
    public Gauge ShippedLsn { get; }

    /// <summary>escni_journal_shipped_events_total.</summary>
    public Counter ShippedEvents { get; }

    /// <summary>escni_journal_shipping_errors_total.</summary>
    public Counter ShippingErrors { get; }

    /// <summary>escni_journal_shipping_conflict.</summary>
    public Gauge Conflict { get; }
}
