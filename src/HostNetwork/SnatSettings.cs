using System.Net;

namespace EsCni.HostNetwork;

/// <summary>What the SNAT chain must say: to which address pod traffic leaving the VPC is translated, and which destinations are exempt.</summary>
/// <param name="PrimaryIp">The primary ENI's primary IP: the source address pods appear with outside the VPC.</param>
/// <param name="VpcCidrs">The VPC's IPv4 CIDRs: traffic to them keeps the pod's address.</param>
/// <param name="ExcludeCidrs">AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: more destinations that keep the pod's address.</param>
/// <param name="ExternalSnat">AWS_VPC_K8S_CNI_EXTERNALSNAT: when true a NAT gateway translates, and the chain must not exist.</param>
/// <param name="Randomization">AWS_VPC_K8S_CNI_RANDOMIZESNAT.</param>
public sealed record SnatSettings(
    IPAddress PrimaryIp,
    IReadOnlyList<IPNetwork> VpcCidrs,
    IReadOnlyList<IPNetwork> ExcludeCidrs,
    bool ExternalSnat,
    SnatRandomization Randomization)
{
    /// <summary>Destinations pod traffic reaches with the pod's own address (VPC CIDRs, then excluded ones): both the SNAT and the connmark chain return for them.</summary>
    public IEnumerable<IPNetwork> UntranslatedCidrs => VpcCidrs.Concat(ExcludeCidrs).Distinct();
}
