namespace EsCni.Ipamd.HostRepair;

/// <summary>
/// The IPv6 half of the host-evidence guard: every /128 route through a pod veth (peer in another namespace) inside the
/// node's /80 whose address the journal does not know moves the allocation cursor past it, so a new pod never gets a
/// running pod's address.
/// </summary>
/// <remarks>
/// IPv6 has no holds: addresses are handed out by a cursor that only moves forward (NodePool.Ipv6.cs), so putting the
/// cursor past the highest in-use offset protects every address below it too, with one event however many pods run.
/// The case this is for: a journal lost next to running IPv6 pods restarts the cursor at offset 1 while the /80 is
/// adopted again from IMDS, so the old pods' addresses would come round again. Nothing to lift: the cursor never goes
/// back, and the addresses it skips stay unused (a /80 has 2^48 of them).
/// </remarks>
internal sealed partial class HostEvidenceGuard
{
    /// <summary>The cursor advance this scan of the host calls for, or null (no /80 yet, or the cursor is past every pod already).</summary>
    public static AdvanceIpv6Cursor? CompareIpv6(DurableNodePool pool, PodHostState host, PodHostIpv6State ipv6, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(ipv6);
        (IReadOnlyList<Ipv6PrefixInfo> prefixes, ulong cursor) = pool.Read(p => (p.Ipv6Prefixes, p.NextIpv6Offset));
        if (prefixes.Count == 0)
        {
            return null;
        }

        return HighestInUse(prefixes[0].Prefix, cursor, host, ipv6) is { } inUse
            ? new AdvanceIpv6Cursor(now, Cause.Of(CauseKind.Reconciler), inUse.Address, inUse.Evidence)
            : null;
    }

    /// <summary>The highest address in <paramref name="slash80"/> at or past <paramref name="cursor"/> a pod on the host uses, with the host's evidence; null when none.</summary>
    public static (Ipv6Address Address, string Evidence)? HighestInUse(Ipv6Prefix slash80, ulong cursor, PodHostState host, PodHostIpv6State ipv6)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(ipv6);
        var veths = host.Veths.Where(v => v.PeerNetnsId is not null).ToDictionary(v => v.Name, StringComparer.Ordinal);
        (Ipv6Address Address, ulong Offset, PodHostRoute Route, PodVeth Veth)? highest = null;
        foreach (PodHostRoute route in ipv6.HostRoutes)
        {
            Ipv6Address address = Ipv6Address.FromIPAddress(route.PodIp);
            if (veths.TryGetValue(route.Device, out PodVeth? veth) && slash80.TryGetOffset(address, out ulong offset)
                && offset >= cursor && (highest is null || offset > highest.Value.Offset))
            {
                highest = (address, offset, route, veth);
            }
        }

        if (highest is not { } inUse)
        {
            return null;
        }

        return (inUse.Address, string.Create(CultureInfo.InvariantCulture,
            $"host route {inUse.Address}/128 dev {inUse.Route.Device} (ifindex {inUse.Veth.Index}), veth peer ifindex {inUse.Veth.PeerIndex} in netnsid {inUse.Veth.PeerNetnsId}: offset {inUse.Offset} of {slash80} is in use by a pod the journal does not know (cursor was {cursor})"));
    }

    /// <summary>Reads the host's IPv6 pods once and moves the cursor past them; returns the event when it moved.</summary>
    public static async Task<Ipv6CursorAdvanced?> ScanIpv6Async(DurableNodePool pool, PodHostRoutes reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        PodHostState host = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        PodHostIpv6State ipv6 = await reader.ReadIpv6Async(cancellationToken).ConfigureAwait(false);
        if (CompareIpv6(pool, host, ipv6, now) is not { } advance)
        {
            return null;
        }

        Decision decision = await pool.SubmitAsync(advance, cancellationToken).ConfigureAwait(false);
        return decision.Events.OfType<Ipv6CursorAdvanced>().FirstOrDefault();
    }
}
