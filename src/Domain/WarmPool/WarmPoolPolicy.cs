namespace EsCni.Domain.WarmPool;

/// <summary>Decides how to grow or shrink the pool, with the VPC CNI's semantics (ipamd.go: isDatastorePoolTooLow/TooHigh, tryAssignIPs, getDeletableENI).</summary>
/// <remarks>
/// <para>With WARM_IP_TARGET or MINIMUM_IP_TARGET set: short = max(warm − available, min − total, 0) and
/// over = max(min(available − warm, total − min), 0); grow by exactly <c>short</c> IPs (filling an ENI before
/// attaching another), release <c>over</c> free IPs. Otherwise WARM_ENI_TARGET: the pool is low when
/// available &lt; target × IPs-per-ENI (or target is 0 and nothing is available), and grows a whole ENI's worth.</para>
/// <para>"Available" is total − allocated, counting IPs in cooldown, as upstream does; cooling IPs are never given back
/// and an ENI with cooling IPs, pods, younger than <see cref="MinimumEniAge"/>, or the primary ENI, is never freed.
/// While any EC2 action is in flight the policy waits, so one intent is never counted twice.
/// Timers (5 s loop, shrink at most every 30 s, 120 s after subnet exhaustion) belong to the daemon.</para>
/// </remarks>
public static partial class WarmPoolPolicy
{
    /// <summary>ENIs younger than this are never freed (upstream: an ENI lives at least one minute, to damp attach/detach churn).</summary>
    public static readonly TimeSpan MinimumEniAge = TimeSpan.FromMinutes(1);

    /// <summary>Decides the next action.</summary>
    public static WarmPoolDecision Decide(WarmPoolView view, WarmPoolTargets targets, InstanceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(limits);
        if (view.PendingEniCreates > 0 || view.Enis.Any(e => e.Busy))
        {
            return new WarmPoolDecision.None("an EC2 action is in flight; deciding again once its outcome is recorded");
        }

        if (targets.PrefixDelegation)
        {
            return DecideWithPrefixes(view, targets, limits);
        }

        int perEni = limits.PodIpsPerEni;
        int total = view.Enis.Sum(e => e.IpCount);
        int available = total - view.Enis.Sum(e => e.AllocatedCount);
        int maxEnis = Math.Min(limits.MaxEnis, targets.MaxEni ?? int.MaxValue);
        int warmIp = targets.WarmIpTarget ?? 0;
        int minIp = targets.MinimumIpTarget ?? 0;
        bool ipMode = targets.IpTargetsDefined;
        int shortBy = Math.Max(Math.Max(warmIp - available, minIp - total), 0);
        int over = Math.Max(Math.Min(available - warmIp, total - minIp), 0);
        string stats = Format($"total {total}, available {available}, ENIs {view.Enis.Count}/{maxEnis}, IPs per ENI {perEni}");

        bool low = ipMode
            ? shortBy > 0
            : available < perEni * targets.WarmEniTarget || (targets.WarmEniTarget == 0 && available == 0);
        if (low)
        {
            int wanted = ipMode ? shortBy : perEni;
            string why = ipMode ? Format($"short {shortBy} (WARM_IP_TARGET {warmIp}, MINIMUM_IP_TARGET {minIp}); {stats}")
                : Format($"available {available} < WARM_ENI_TARGET {targets.WarmEniTarget} × {perEni}; {stats}");
            WarmPoolEni? withRoom = view.Enis.OrderBy(e => e.DeviceIndex).FirstOrDefault(e => e.UsedSlots < perEni);
            if (withRoom is not null)
            {
                return new WarmPoolDecision.AddIps(withRoom.EniId, Math.Min(perEni - withRoom.UsedSlots, wanted), why);
            }

            if (view.Enis.Count < maxEnis)
            {
                return new WarmPoolDecision.AttachEni(Math.Min(perEni, wanted), why);
            }

            return new WarmPoolDecision.None($"pool is low but every ENI is full and MAX_ENI/instance limit {maxEnis} is reached; {stats}");
        }

        if (ipMode && over > 0)
        {
            // Release from the highest device first so secondary ENIs empty out and can be freed later.
            WarmPoolEni? donor = view.Enis.OrderByDescending(e => e.DeviceIndex).FirstOrDefault(e => e.ReleasableIps.Count > 0);
            if (donor is not null)
            {
                int count = Math.Min(over, donor.ReleasableIps.Count);
                return new WarmPoolDecision.ReleaseIps(donor.EniId, new ValueList<Net.Ipv4Address>(donor.ReleasableIps.Take(count)),
                    Format($"over by {over} (WARM_IP_TARGET {warmIp}, MINIMUM_IP_TARGET {minIp}); {stats}"));
            }
        }

        // Prefix delegation was switched off: prefixes drain as they empty, the way old secondary IPs drain when it is on.
        if (view.Enis.OrderByDescending(e => e.DeviceIndex).FirstOrDefault(e => e.ReleasablePrefixes.Count > 0) is { } drained)
        {
            return new WarmPoolDecision.ReleasePrefixes(drained.EniId, drained.ReleasablePrefixes,
                Format($"prefix delegation is off: {drained.ReleasablePrefixes.Count} free prefixes on {drained.EniId} go back; {stats}"));
        }

        bool mayRemoveEni = ipMode || available >= (targets.WarmEniTarget + 1) * perEni;
        if (mayRemoveEni && FindDeletableEni(view, warmIp, minIp) is { } deletable)
        {
            return new WarmPoolDecision.DetachEni(deletable.EniId, Format($"ENI {deletable.EniId} is unused and not needed for the targets; {stats}"));
        }

        return new WarmPoolDecision.None(Format($"pool within targets; {stats}"));
    }

    internal static WarmPoolEni? FindDeletableEni(WarmPoolView view, int warmIp, int minIp)
    {
        foreach (WarmPoolEni eni in view.Enis.OrderByDescending(e => e.DeviceIndex))
        {
            if (eni.DeviceIndex == 0 || eni.AllocatedCount > 0 || eni.HasCoolingIps || view.Now - eni.AttachedAt < MinimumEniAge)
            {
                continue;
            }

            int otherFree = view.Enis.Where(o => o.EniId != eni.EniId).Sum(o => o.IpCount - o.AllocatedCount);
            int otherTotal = view.Enis.Where(o => o.EniId != eni.EniId).Sum(o => o.IpCount);
            if ((warmIp > 0 && otherFree < warmIp) || (minIp > 0 && otherTotal < minIp))
            {
                continue;
            }

            return eni;
        }

        return null;
    }

    internal static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
