namespace EsCni.Domain.WarmPool;

/// <summary>The policy in prefix-delegation mode (ipamd.go: datastoreTargetState with PD, tryAssignPrefixes, isDatastorePoolTooHigh).</summary>
/// <remarks>
/// <para>The pool grows by /28 prefixes. Without WARM_IP_TARGET/MINIMUM_IP_TARGET it is low when available addresses
/// &lt; 16 × WARM_PREFIX_TARGET (or the target is 0 and nothing is free), and grows by the prefixes that cover the
/// gap; it is high when more than WARM_PREFIX_TARGET prefixes are wholly free. With those targets set, the shortage and
/// excess are counted in addresses, as in secondary-IP mode, and rounded to prefixes: short by 3 asks for 1 prefix,
/// over by 20 gives back 1. Growth stops once the pool holds max-pods addresses.</para>
/// <para>Secondary IPs left from before PD was switched on drain: free ones go back once cooled, while pods keep theirs.</para>
/// </remarks>
public static partial class WarmPoolPolicy
{
    private static WarmPoolDecision DecideWithPrefixes(WarmPoolView view, WarmPoolTargets targets, InstanceLimits limits)
    {
        int slotsPerEni = limits.PodIpsPerEni;
        int total = view.Enis.Sum(e => e.IpCount);
        int available = total - view.Enis.Sum(e => e.AllocatedCount);
        int maxEnis = Math.Min(limits.MaxEnis, targets.MaxEni ?? int.MaxValue);
        int maxPods = targets.MaxPods ?? int.MaxValue;
        int warmIp = targets.WarmIpTarget ?? 0;
        int minIp = targets.MinimumIpTarget ?? 0;
        int warmPrefix = Math.Max(targets.WarmPrefixTarget, 0);
        bool ipMode = targets.IpTargetsDefined;
        int shortBy = ipMode
            ? Math.Max(Math.Max(warmIp - available, minIp - total), 0)
            : Math.Max((Ipv4Prefix.Size * warmPrefix) - available, warmPrefix == 0 && available == 0 ? 1 : 0);
        string stats = Format($"total {total}, available {available}, prefixes {view.Enis.Sum(e => e.PrefixCount)}, ENIs {view.Enis.Count}/{maxEnis}, slots per ENI {slotsPerEni}");
        string targetText = ipMode ? Format($"WARM_IP_TARGET {warmIp}, MINIMUM_IP_TARGET {minIp}") : Format($"WARM_PREFIX_TARGET {warmPrefix}");

        if (shortBy > 0 && total >= maxPods)
        {
            return new WarmPoolDecision.None(Format($"short {shortBy} ({targetText}) but the pool holds max-pods {maxPods} addresses already; {stats}"));
        }

        if (shortBy > 0)
        {
            // Whole prefixes cover the shortage, and no more than reaching max-pods needs.
            int wanted = targets.MaxPods is { } cap ? Math.Min(Ceiling(shortBy), Math.Max(Ceiling(cap - total), 1)) : Ceiling(shortBy);
            string why = Format($"short {shortBy} ({targetText}); {stats}");
            if (view.Enis.OrderBy(e => e.DeviceIndex).FirstOrDefault(e => e.UsedSlots < slotsPerEni) is { } withRoom)
            {
                return new WarmPoolDecision.AddPrefixes(withRoom.EniId, Math.Min(slotsPerEni - withRoom.UsedSlots, wanted), why);
            }

            if (view.Enis.Count < maxEnis)
            {
                return new WarmPoolDecision.AttachEni(0, why) { PrefixCount = Math.Min(slotsPerEni, wanted) };
            }

            return new WarmPoolDecision.None($"pool is low but every ENI's slots are used and MAX_ENI/instance limit {maxEnis} is reached; {stats}");
        }

        if (view.Enis.OrderByDescending(e => e.DeviceIndex).FirstOrDefault(e => e.ReleasableIps.Count > 0) is { } draining)
        {
            return new WarmPoolDecision.ReleaseIps(draining.EniId, draining.ReleasableIps,
                Format($"prefix delegation is on: {draining.ReleasableIps.Count} free secondary IPs on {draining.EniId} go back; {stats}"));
        }

        int overPrefixes = ipMode
            ? Math.Max(Math.Min(available - warmIp, total - minIp), 0) / Ipv4Prefix.Size
            : view.Enis.Sum(e => e.FreePrefixCount) - warmPrefix;
        if (overPrefixes > 0 && view.Enis.OrderByDescending(e => e.DeviceIndex).FirstOrDefault(e => e.ReleasablePrefixes.Count > 0) is { } donor)
        {
            int count = Math.Min(overPrefixes, donor.ReleasablePrefixes.Count);
            return new WarmPoolDecision.ReleasePrefixes(donor.EniId, new ValueList<Ipv4Prefix>(donor.ReleasablePrefixes.Take(count)),
                Format($"{overPrefixes} prefixes over ({targetText}); {stats}"));
        }

        int keepFree = ipMode ? warmIp : Ipv4Prefix.Size * warmPrefix;
        if (FindDeletableEni(view, keepFree, minIp) is { } deletable && deletable.PrefixCount == 0)
        {
            return new WarmPoolDecision.DetachEni(deletable.EniId, Format($"ENI {deletable.EniId} is unused and not needed for the targets; {stats}"));
        }

        return new WarmPoolDecision.None(Format($"pool within targets ({targetText}); {stats}"));
    }

    private static int Ceiling(int addresses) => (addresses + Ipv4Prefix.Size - 1) / Ipv4Prefix.Size;
}
