namespace EsCni.Ipamd.Metrics;

/// <summary>
/// Copies pool counts into the gauges once a second (cheap: one locked read of counters), and the journal volume's
/// free space (one statvfs), which is what warns an operator before a full disk stops the node.
/// </summary>
internal sealed class PoolMetricsRefresher : BackgroundService
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);

    private readonly DurableNodePool _pool;
    private readonly IpamdMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly string _journalDirectory;
    private readonly int? _maxEni;
    private readonly HashSet<string> _enisSeen = new(StringComparer.Ordinal);

    public PoolMetricsRefresher(DurableNodePool pool, IpamdMetrics metrics, TimeProvider time, IpamdSettings settings)
    {
        _journalDirectory = settings.Daemon.JournalDirectory;
        _maxEni = settings.WarmPool.MaxEni;
        _pool = pool;
        _metrics = metrics;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_period, _time);
        do
        {
            Refresh();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void Refresh()
    {
        DateTimeOffset now = _time.GetUtcNow();
        (PoolCounts counts, PoolCapacity? capacity, IReadOnlyList<EniInfo> enis, long lsn, int v6Prefixes, int v6Assigned) =
            _pool.Read(p => (p.GetCounts(now), p.GetCapacity(_maxEni), p.GetEnis(), p.LastLsn, p.Ipv6Prefixes.Count, p.GetIpv6Allocations().Count));
        _metrics.Ipv6Prefixes.Set(v6Prefixes);
        _metrics.Ipv6AssignedAddresses.Set(v6Assigned);
        _metrics.EnisAllocated.Set(counts.Enis);
        _metrics.TotalIps.Set(counts.TotalIps);
        _metrics.TotalPrefixes.Set(enis.Sum(e => e.Prefixes.Count));
        _metrics.AssignedIps.Set(counts.Allocated);
        _metrics.QuarantinedIps.Set(counts.Quarantined);
        _metrics.CoolingIps.Set(counts.CoolingDown);
        _metrics.JournalLsn.Set(lsn);
        RefreshJournalVolume();
        if (capacity is not null)
        {
            _metrics.EniMax.Set(capacity.Enis);
            _metrics.IpMax.Set(capacity.MaxPodIps);
            _metrics.MaxPods.Set(capacity.MaxPods);
            _metrics.PoolAtCapacity.Set(capacity.IsReachedBy(counts) ? 1 : 0);
        }

        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (EniInfo eni in enis)
        {
            current.Add(eni.EniId);
            _metrics.AssignedPerEni.WithLabels(eni.EniId).Set(eni.AllocatedCount);
        }

        // A detached ENI's series would otherwise report its last count forever.
        foreach (string gone in _enisSeen.Where(id => !current.Contains(id)).ToList())
        {
            _metrics.AssignedPerEni.RemoveLabelled(gone);
            _enisSeen.Remove(gone);
        }

        _enisSeen.UnionWith(current);
    }

    private void RefreshJournalVolume()
    {
        try
        {
            // statvfs of the directory itself, so a hostPath mounted anywhere reports its own volume.
            _metrics.JournalVolumeFreeBytes.Set(new DriveInfo(_journalDirectory).AvailableFreeSpace);
        }
        catch (IOException)
        {
            // The directory vanished or the volume went away: the journal's own errors say so; keep the last value.
        }
    }
}
