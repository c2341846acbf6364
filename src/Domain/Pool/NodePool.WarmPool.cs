using EsCni.Domain.WarmPool;

namespace EsCni.Domain.Pool;

/// <summary>The pool as the warm-pool policy sees it.</summary>
public sealed partial class NodePool
{
    /// <summary>The view <see cref="WarmPoolPolicy.Decide"/> takes, at <paramref name="now"/>; detaching ENIs are left out.</summary>
    public WarmPoolView GetWarmPoolView(DateTimeOffset now)
    {
        long cutoff = CooldownCutoff(now);
        List<WarmPoolEni> enis = [];
        foreach (EniState eni in _enis.Values.OrderBy(e => e.DeviceIndex))
        {
            if (eni.Status == EniStatus.Detaching)
            {
                continue;
            }

            List<Ipv4Address> releasable = [];
            bool cooling = false;
            bool releasing = false;
            int held = 0;
            foreach (Ipv4Address ip in eni.Ips)
            {
                IpSlot slot = _ips[ip];
                if (slot.Prefix is not null)
                {
                    // Prefix addresses count below, per prefix; only cooling matters here (it keeps the ENI).
                    releasing |= slot.ReleaseRequested;
                    cooling |= slot.Owner is null && slot.ReleasedTicks > cutoff;
                    held += slot.Owner is null && IsHeld(ip) ? 1 : 0;
                    continue;
                }

                releasing |= slot.ReleaseRequested;
                if (slot.Owner is null && IsHeld(ip))
                {
                    // A pod the journal does not know uses it: in use for the policy (the pool grows around it), never given back.
                    held++;
                    continue;
                }

                if (slot.Owner is not null || slot.ReleaseRequested)
                {
                    continue;
                }

                if (slot.ReleasedTicks > cutoff)
                {
                    cooling = true;
                }
                else
                {
                    releasable.Add(ip);
                }
            }

            releasable.Sort();
            List<Ipv4Prefix> releasablePrefixes = eni.Prefixes.Where(p => IsPrefixReleasable(p, cutoff, out _)).Order().ToList();
            int freePrefixes = eni.Prefixes.Count(p => p.Addresses().All(a => _ips[a].Owner is null && !IsHeld(a)));
            enis.Add(new WarmPoolEni(eni.EniId, eni.DeviceIndex, eni.Ips.Count, eni.AllocatedCount + held, new ValueList<Ipv4Address>(releasable), cooling,
                eni.AttachedAt, eni.PendingIpRequest is not null || eni.PendingPrefixRequest is not null || releasing)
            {
                PrefixCount = eni.Prefixes.Count,
                FreePrefixCount = freePrefixes,
                ReleasablePrefixes = new ValueList<Ipv4Prefix>(releasablePrefixes),
            });
        }

        // A detach in flight is an EC2 action too; counting it with pending creates makes the policy wait for it.
        int inFlight = _pendingCreates.Count + _enis.Values.Count(e => e.Status == EniStatus.Detaching);
        return new WarmPoolView(now, new ValueList<WarmPoolEni>(enis), inFlight);
    }
}
