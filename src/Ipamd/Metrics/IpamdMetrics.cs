using Prometheus;

namespace EsCni.Ipamd.Metrics;

/// <summary>
/// The daemon's Prometheus metrics on METRICS_BIND_ADDRESS (default :61678) <c>/metrics</c>: the VPC CNI's
/// <c>awscni_*</c> set renamed <c>escni_*</c> (reference/vpc-cni.md §1a), plus the journal and the EC2 ledger.
/// </summary>
public sealed class IpamdMetrics
{
    private static readonly double[] s_latencyBuckets = Histogram.ExponentialBuckets(0.00005, 2, 18); // 50 µs .. 6.5 s

    /// <summary>Creates the metrics in a registry (tests pass their own; the daemon uses the default one).</summary>
    public IpamdMetrics(CollectorRegistry? registry = null)
    {
        MetricFactory f = Prometheus.Metrics.WithCustomRegistry(registry ?? Prometheus.Metrics.DefaultRegistry);
        AddIpRequests = f.CreateCounter("escni_add_ip_req_count", "CNI ADD requests served, by outcome", "outcome");
        DelIpRequests = f.CreateCounter("escni_del_ip_req_count", "CNI DEL requests served, by reason", "reason");
        EnisAllocated = f.CreateGauge("escni_eni_allocated", "ENIs attached to the pool");
        EniMax = f.CreateGauge("escni_eni_max", "ENIs this node may use");
        IpMax = f.CreateGauge("escni_ip_max", "Pod IPs this node may hold");
        MaxPods = f.CreateGauge("escni_max_pods", "kubelet max-pods as the VPC CNI computes it: ENIs x (IPv4 per ENI - 1) + 2");
        PoolAtCapacity = f.CreateGauge("escni_pool_at_capacity", "1 when every pod IP this node may hold is allocated (ADDs fail until a pod is deleted), else 0");
        TotalIps = f.CreateGauge("escni_total_ip_addresses", "Addresses in the warm pool (secondary IPs and 16 per prefix)");
        TotalPrefixes = f.CreateGauge("escni_total_ipv4_prefixes", "Delegated /28 prefixes in the warm pool (the VPC CNI's awscni_total_ipv4_prefixes)");
        Ipv6Prefixes = f.CreateGauge("escni_ipv6_prefixes", "IPv6 /80 prefixes the node holds for its pods (ENABLE_IPv6: 1 once assigned, else 0)");
        Ipv6AssignedAddresses = f.CreateGauge("escni_ipv6_assigned_addresses", "IPv6 addresses allocated to pods (ENABLE_IPv6)");
        AssignedIps = f.CreateGauge("escni_assigned_ip_addresses", "IPs allocated to pods (quarantined included)");
        QuarantinedIps = f.CreateGauge("escni_quarantined_ip_addresses", "Allocations flagged because evidence disagrees with the journal");
        CoolingIps = f.CreateGauge("escni_cooling_ip_addresses", "Free IPs still in IP_COOLDOWN_PERIOD");
        NoAvailableIp = f.CreateCounter("escni_no_available_ip_addresses", "ADDs refused because no IP was free");
        AssignedPerEni = f.CreateGauge("escni_assigned_ip_per_eni", "IPs allocated per ENI", "eni");
        IpamdErrors = f.CreateCounter("escni_ipamd_error_count", "Errors in background work, by function", "fn");
        ReconcileCount = f.CreateCounter("escni_reconcile_count", "Corrections recorded by reconciliation, by function", "fn");
        StartupSeconds = f.CreateGauge("escni_ipamd_startup_duration_seconds", "Time from process start to serving CNI requests (time-to-ready)");
        BuildInfoGauge = f.CreateGauge("escni_build_info", "Build of this daemon", "version");
        JournalAppendSeconds = f.CreateHistogram("escni_journal_append_latency_seconds", "Durable append latency (enqueue to fdatasync done)", new HistogramConfiguration { Buckets = s_latencyBuckets });
        JournalSyncSeconds = f.CreateHistogram("escni_journal_fsync_latency_seconds", "fdatasync latency per batch", new HistogramConfiguration { Buckets = s_latencyBuckets });
        JournalLsn = f.CreateGauge("escni_journal_lsn", "Last durable LSN");
        JournalVolumeFreeBytes = f.CreateGauge("escni_journal_volume_free_bytes", "Bytes free (for unprivileged use) on the journal's volume; below one segment (ESCNI_JOURNAL_SEGMENT_MIB) the next segment cannot be created and ADDs will fail");
        JournalUnshippedBytes = f.CreateGauge("escni_journal_unshipped_bytes", "Journal bytes not yet shipped to the cluster store (0 when shipping is off)");
        Ec2Calls = f.CreateCounter("escni_ec2api_req_count", "EC2 calls, by API and outcome", "api", "outcome");
        Ec2Latency = f.CreateHistogram("escni_aws_api_latency_seconds", "EC2 call latency including retries, by API", new HistogramConfiguration { LabelNames = ["api"], Buckets = s_latencyBuckets });
        Ec2Throttles = f.CreateCounter("escni_ec2_throttle_count", "EC2 attempts answered RequestLimitExceeded, by API", "api");
        Ec2LimiterWaitSeconds = f.CreateCounter("escni_ec2_limiter_wait_seconds_total", "Time EC2 calls waited in the client-side token bucket, by API", "api");
        RuntimeGcPasses = f.CreateCounter("escni_cri_gc_pass_count", "Runtime GC passes, by how the runtime's answer was treated (counted, suspicious, runtime_failed, empty_answer)", "outcome");
        RuntimeGcReleases = f.CreateCounter("escni_cri_gc_released_count", "IPs the runtime GC released (journaled as IpReleased reason RuntimeGc)");
        RuntimeGcSuspicious = f.CreateCounter("escni_cri_gc_suspicious_count", "Runtime answers not taken at face value: empty while allocations exist, or lacking too many sandboxes at once", "outcome");
        RuntimeGcAbsent = f.CreateGauge("escni_cri_gc_absent_allocations", "Allocations whose sandbox the runtime's recent answers lacked (not yet released)");
        BuildInfoGauge.WithLabels(BuildInfo.Version).Set(1);
    }

    /// <summary>escni_add_ip_req_count{outcome}.</summary>
    public Counter AddIpRequests { get; }

    /// <summary>escni_del_ip_req_count{reason}.</summary>
    public Counter DelIpRequests { get; }

    /// <summary>escni_eni_allocated.</summary>
    public Gauge EnisAllocated { get; }

    /// <summary>escni_eni_max.</summary>
    public Gauge EniMax { get; }

    /// <summary>escni_max_pods.</summary>
    public Gauge MaxPods { get; }

    /// <summary>escni_pool_at_capacity.</summary>
    public Gauge PoolAtCapacity { get; }

    /// <summary>escni_ip_max.</summary>
    public Gauge IpMax { get; }

    /// <summary>escni_total_ip_addresses.</summary>
    public Gauge TotalIps { get; }

    /// <summary>escni_ipv6_prefixes.</summary>
    public Gauge Ipv6Prefixes { get; }

    /// <summary>escni_ipv6_assigned_addresses.</summary>
    public Gauge Ipv6AssignedAddresses { get; }

    /// <summary>escni_total_ipv4_prefixes.</summary>
    public Gauge TotalPrefixes { get; }

    /// <summary>escni_assigned_ip_addresses.</summary>
    public Gauge AssignedIps { get; }

    /// <summary>escni_quarantined_ip_addresses.</summary>
    public Gauge QuarantinedIps { get; }

    /// <summary>escni_cooling_ip_addresses.</summary>
    public Gauge CoolingIps { get; }

    /// <summary>escni_no_available_ip_addresses.</summary>
    public Counter NoAvailableIp { get; }

    /// <summary>escni_assigned_ip_per_eni{eni}.</summary>
    public Gauge AssignedPerEni { get; }

    /// <summary>escni_ipamd_error_count{fn}.</summary>
    public Counter IpamdErrors { get; }

    /// <summary>escni_reconcile_count{fn}.</summary>
    public Counter ReconcileCount { get; }

    /// <summary>escni_ipamd_startup_duration_seconds.</summary>
    public Gauge StartupSeconds { get; }

    /// <summary>escni_build_info{version}.</summary>
    public Gauge BuildInfoGauge { get; }

    /// <summary>escni_journal_append_latency_seconds.</summary>
    public Histogram JournalAppendSeconds { get; }

    /// <summary>escni_journal_fsync_latency_seconds.</summary>
    public Histogram JournalSyncSeconds { get; }

    /// <summary>escni_journal_lsn.</summary>
    public Gauge JournalLsn { get; }

    /// <summary>escni_journal_volume_free_bytes.</summary>
    public Gauge JournalVolumeFreeBytes { get; }

    /// <summary>escni_journal_unshipped_bytes.</summary>
    public Gauge JournalUnshippedBytes { get; }

    /// <summary>escni_ec2api_req_count{api,outcome}.</summary>
    public Counter Ec2Calls { get; }

    /// <summary>escni_aws_api_latency_seconds{api}.</summary>
    public Histogram Ec2Latency { get; }

    /// <summary>escni_ec2_throttle_count{api}.</summary>
    public Counter Ec2Throttles { get; }

    /// <summary>escni_ec2_limiter_wait_seconds_total{api}.</summary>
    public Counter Ec2LimiterWaitSeconds { get; }

    /// <summary>escni_cri_gc_pass_count{outcome}.</summary>
    public Counter RuntimeGcPasses { get; }

    /// <summary>escni_cri_gc_released_count.</summary>
    public Counter RuntimeGcReleases { get; }

    /// <summary>escni_cri_gc_suspicious_count{outcome}.</summary>
    public Counter RuntimeGcSuspicious { get; }

    /// <summary>escni_cri_gc_absent_allocations.</summary>
    public Gauge RuntimeGcAbsent { get; }

    /// <summary>Journal callback: one durable append took this long.</summary>
    public void ObserveJournalAppend(TimeSpan latency) => JournalAppendSeconds.Observe(latency.TotalSeconds);

    /// <summary>Journal callback: one fdatasync took this long.</summary>
    public void ObserveJournalSync(TimeSpan latency) => JournalSyncSeconds.Observe(latency.TotalSeconds);
}
