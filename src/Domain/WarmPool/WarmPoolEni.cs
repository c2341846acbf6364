namespace EsCni.Domain.WarmPool;

/// <summary>What the policy needs to know about one attached ENI.</summary>
/// <param name="EniId">ENI id.</param>
/// <param name="DeviceIndex">Device index; 0 is the primary ENI, never freed.</param>
/// <param name="IpCount">Secondary IPs in its pool.</param>
/// <param name="AllocatedCount">Of those, allocated (quarantined included).</param>
/// <param name="ReleasableIps">Free IPs out of cooldown with no release in flight, sorted: the ones that may go back to EC2.</param>
/// <param name="HasCoolingIps">True when a free IP is still cooling down (the ENI is then never freed).</param>
/// <param name="AttachedAt">When it was attached (young ENIs are not freed).</param>
/// <param name="Busy">True when an assign, release or detach is in flight for it.</param>
public sealed record WarmPoolEni(string EniId, int DeviceIndex, int IpCount, int AllocatedCount, ValueList<Ipv4Address> ReleasableIps, bool HasCoolingIps, DateTimeOffset AttachedAt, bool Busy);
