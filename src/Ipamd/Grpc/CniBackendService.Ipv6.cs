using EsCni.Protocol.V1;

namespace EsCni.Ipamd.Grpc;

/// <summary>
/// ENABLE_IPv6 (issue #17): ADD answers a /128 from the node's /80 as <c>ipv6_addr</c> on the primary ENI (device 0,
/// main table), the VPC's IPv6 CIDRs and the node's IPv4 for the plugin's IPv4-egress SNAT. DEL, CHECK and GC
/// handle the key's IPv6 allocation beside the IPv4 one (ReleaseIpByKey ends both), so an IPv4 pod that outlived a
/// switch to IPv6 still releases.
/// </summary>
public sealed partial class CniBackendService
{
    private const int MainRouteTable = 254; // the primary ENI's pods route through the main table, in IPv6 as in IPv4

    private async Task<AddNetworkReply> AddIpv6Async(IpamKey key, Pod pod, string netns, string requestId, CancellationToken cancellationToken)
    {
        var command = new AllocateIpv6(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), key, pod, netns);
        Decision decision = await SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (!decision.Accepted || decision.Ipv6Allocation is not { } allocation)
        {
            throw Refused(requestId, key, decision);
        }

        bool existing = decision.Events.Count == 0;
        metrics.AddIpRequests.WithLabels(existing ? "existing" : "allocated").Inc();
        LogAdd(requestId, key.ToString(), pod.ToString(), allocation.Address.ToString(), allocation.EniId, existing);
        var reply = new AddNetworkReply { Success = true, UseExternalSnat = _useExternalSnat, Existing = existing, NodeIpv4 = NodeIpv4() };
        reply.IpAllocationMetadata.Add(ToMetadata(allocation));
        if (session.Identity is { } identity)
        {
            reply.VpcV6Cidrs.Add(identity.VpcIpv6Cidrs.Select(c => c.ToString()));
        }

        return reply;
    }

    // The primary ENI's address as journaled (EniAttached/adoption), so a restarted daemon answers it before it has
    // talked to IMDS again; the discovered identity covers the moment before the primary ENI is journaled.
    private string NodeIpv4() =>
        pool.Read(p => p.GetEnis().FirstOrDefault(e => e.DeviceIndex == 0)?.PrimaryIp.ToString())
        ?? session.Identity?.PrimaryIp.ToString()
        ?? string.Empty;

    private static IpAllocationMetadata ToMetadata(Ipv6Allocation allocation) => new()
    {
        Ipv6Addr = allocation.Address.ToString(),
        DeviceNumber = 0,
        RouteTableId = MainRouteTable,
        EniId = allocation.EniId,
    };
}
