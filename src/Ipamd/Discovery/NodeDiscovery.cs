using System.Net;

namespace EsCni.Ipamd.Discovery;

/// <summary>Learns the node from IMDS and EC2 (off the start path: the pool already serves from the journal).</summary>
internal static class NodeDiscovery
{
    public static async Task<(Ec2Api Api, NodeIdentity Identity)> DiscoverAsync(IpamdSettings settings, ImdsClient imds, IEc2CallObserver observer, TimeProvider time, CancellationToken cancellationToken)
    {
        Ec2Api api = await Ec2ClientFactory.CreateApiAsync(settings.Ec2, imds, observer, time, cancellationToken).ConfigureAwait(false);
        try
        {
            Ec2Result<InstanceDescription> instance = await api.DescribeInstanceAsync(cancellationToken).ConfigureAwait(false);
            Ec2Result<InstanceTypeLimits> limits = await api.DescribeInstanceTypeLimitsAsync(instance.Value.InstanceType, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<IPNetwork> vpcCidrs = await imds.GetVpcIpv4CidrsAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<IPNetwork> vpcIpv6Cidrs = settings.Ipv6 ? await imds.GetVpcIpv6CidrsAsync(cancellationToken).ConfigureAwait(false) : [];
            return (api, new NodeIdentity(instance.Value, limits.Value, vpcCidrs) { VpcIpv6Cidrs = vpcIpv6Cidrs });
        }
        catch
        {
            await api.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
