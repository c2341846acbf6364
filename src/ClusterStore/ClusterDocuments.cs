using Marten;

namespace EsCni.ClusterStore;

/// <summary>The documents one projection page touches: each loaded at most once, stored once at the end.</summary>
internal sealed class ClusterDocuments
{
    private readonly IDocumentOperations _operations;
    private readonly Dictionary<string, IpCurrentOwners> _ips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterOwnershipInterval> _intervals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterEni> _enis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubnetUsage> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeEc2Calls> _calls = new(StringComparer.Ordinal);

    public ClusterDocuments(IDocumentOperations operations) => _operations = operations;

    public async Task<IpCurrentOwners> OwnersAsync(string ip, CancellationToken ct)
    {
        if (!_ips.TryGetValue(ip, out IpCurrentOwners? doc))
        {
            doc = await _operations.LoadAsync<IpCurrentOwners>(ip, ct).ConfigureAwait(false) ?? new IpCurrentOwners { Id = ip };
            _ips[ip] = doc;
        }

        return doc;
    }

    public void AddInterval(ClusterOwnershipInterval interval) => _intervals[interval.Id] = interval;

    public async Task<ClusterOwnershipInterval?> IntervalAsync(string id, CancellationToken ct)
    {
        if (!_intervals.TryGetValue(id, out ClusterOwnershipInterval? doc))
        {
            doc = await _operations.LoadAsync<ClusterOwnershipInterval>(id, ct).ConfigureAwait(false);
            if (doc is not null)
            {
                _intervals[id] = doc;
            }
        }

        return doc;
    }

    public async Task<ClusterEni> EniAsync(string eniId, string node, CancellationToken ct)
    {
        if (!_enis.TryGetValue(eniId, out ClusterEni? doc))
        {
            doc = await _operations.LoadAsync<ClusterEni>(eniId, ct).ConfigureAwait(false) ?? new ClusterEni { Id = eniId, Node = node };
            _enis[eniId] = doc;
        }

        return doc;
    }

    public async Task<NodeEc2Calls> NodeCallsAsync(string node, CancellationToken ct)
    {
        if (!_calls.TryGetValue(node, out NodeEc2Calls? doc))
        {
            doc = await _operations.LoadAsync<NodeEc2Calls>(node, ct).ConfigureAwait(false) ?? new NodeEc2Calls { Id = node };
            _calls[node] = doc;
        }

        return doc;
    }

    /// <summary>Copies the ENI's counts into its subnet's usage (removing it when it is no longer attached).</summary>
    public async Task RefreshSubnetAsync(ClusterEni eni, CancellationToken ct)
    {
        if (eni.SubnetId.Length == 0)
        {
            return; // not attached yet: no subnet known
        }

        if (!_subnets.TryGetValue(eni.SubnetId, out SubnetUsage? usage))
        {
            usage = await _operations.LoadAsync<SubnetUsage>(eni.SubnetId, ct).ConfigureAwait(false) ?? new SubnetUsage { Id = eni.SubnetId };
            _subnets[eni.SubnetId] = usage;
        }

        usage.Cidr = eni.SubnetCidr;
        if (eni.Phase is "attached" or "detaching")
        {
            usage.PoolIpsByEni[eni.Id] = eni.PoolIps.Count;
            usage.AllocatedIpsByEni[eni.Id] = eni.AllocatedIps.Count;
        }
        else
        {
            usage.PoolIpsByEni.Remove(eni.Id);
            usage.AllocatedIpsByEni.Remove(eni.Id);
        }
    }

    public void StoreTouched()
    {
        StoreAll(_ips.Values);
        StoreAll(_intervals.Values);
        StoreAll(_enis.Values);
        StoreAll(_subnets.Values);
        StoreAll(_calls.Values);
    }

    private void StoreAll<T>(IEnumerable<T> documents)
        where T : notnull
    {
        T[] array = documents.ToArray();
        if (array.Length > 0)
        {
            _operations.Store(array);
        }
    }
}
