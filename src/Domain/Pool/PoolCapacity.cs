namespace EsCni.Domain.Pool;

/// <summary>How many pod IPs the node can hold, and the kubelet max-pods figure VPC CNI users derive from it.</summary>
/// <param name="InstanceType">EC2 instance type, for messages.</param>
/// <param name="Enis">ENIs the node may use: the instance type's limit, or MAX_ENI when that is lower.</param>
/// <param name="PodIpsPerEni">Secondary IPv4 addresses per ENI (IPv4 per ENI − 1: the primary IP is the ENI's own).</param>
/// <param name="CappedByMaxEni">True when MAX_ENI, not the instance type, sets <paramref name="Enis"/>.</param>
public sealed record PoolCapacity(string InstanceType, int Enis, int PodIpsPerEni, bool CappedByMaxEni)
{
    /// <summary>Pod IPs the node can hold: ENIs × secondary IPs per ENI.</summary>
    public int MaxPodIps => Enis * PodIpsPerEni;

    /// <summary>
    /// kubelet <c>--max-pods</c> as the VPC CNI's eni-max-pods.txt computes it: ENIs × (IPv4 per ENI − 1) + 2, the 2
    /// being host-network pods (aws-node, kube-proxy) that take no pod IP.
    /// </summary>
    public int MaxPods => MaxPodIps + 2;

    /// <summary>What the node holds, in words: "m5.xlarge holds 56 pod IPs" or "m5.xlarge with MAX_ENI=1 holds 14 pod IPs".</summary>
    public string Summary => CappedByMaxEni
        ? string.Create(CultureInfo.InvariantCulture, $"{InstanceType} with MAX_ENI={Enis} holds {MaxPodIps} pod IPs")
        : string.Create(CultureInfo.InvariantCulture, $"{InstanceType} holds {MaxPodIps} pod IPs");

    /// <summary>The capacity of a started node; <paramref name="maxEni"/> is MAX_ENI (null when unset), used only to say which limit applies.</summary>
    /// <remarks><see cref="NodeInfo.MaxEnis"/> is already min(MAX_ENI, instance ENIs), so MAX_ENI applies when it equals it.</remarks>
    public static PoolCapacity Of(NodeInfo node, int? maxEni)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new PoolCapacity(node.InstanceType, node.MaxEnis, node.IpsPerEni - 1, maxEni is { } cap && cap <= node.MaxEnis);
    }

    /// <summary>True when every pod IP the node can hold is allocated: no ADD can succeed until a pod is deleted.</summary>
    public bool IsReachedBy(PoolCounts counts) => counts.Allocated >= MaxPodIps;
}
