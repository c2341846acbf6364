using EsCni.Projections.Ownership;

namespace EsCni.Replay;

/// <summary><c>replay who-had</c> for an IPv6 address: every pod that held it, from its IPv6 pod events.</summary>
/// <remarks>
/// Sealed segments are read through their <c>.ipv6</c> index where it verifies, the rest scanned decoding only
/// Ipv6Allocated / Ipv6Released (docs/journal-format.md §10). No window shortcut (that is IPv4's): since an IPv6 address
/// is handed out once, there is at most one owner and the whole history is as cheap.
/// </remarks>
internal static class Ipv6WhoHad
{
    public static int Run(Ipv6Address address, JournalReader reader, DateTimeOffset? at, DateTimeOffset? from, DateTimeOffset? to, bool json, TextWriter stdout)
    {
        DateTimeOffset start = from ?? DateTimeOffset.MinValue, end = to ?? DateTimeOffset.MaxValue;
        List<Ipv6OwnershipInterval> owners = Ipv6OwnershipProjection.WholeHistory(reader, address, Math.Clamp(Environment.ProcessorCount, 1, 4))
            .Where(i => at is { } moment ? i.Covers(moment) : i.Overlaps(start, end)).ToList();
        if (json)
        {
            ReplayJson.Write(stdout, new { ip = address.ToString(), at, from, to, owners = owners.Select(o => new
            {
                address = o.Address.ToString(), o.Key, o.Pod, o.Netns, o.EniId, o.AllocatedAt, o.AllocatedLsn, o.AllocatedBy, o.ReleasedAt, o.ReleasedLsn, o.ReleaseReason, o.ReleaseEvidence, o.AdoptedFrom,
            }) });
            return ReplayExitCodes.Ok;
        }

        string window = at is { } when ? $"at {ReplayFormat.Time(when)}"
            : from is not null || to is not null ? $"from {ReplayFormat.Time(from)} to {ReplayFormat.Time(to)}" : "over the whole journal";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{address} {window}: {owners.Count} owner(s)"));
        if (owners.Count == 0)
        {
            return ReplayExitCodes.Ok;
        }

        TextTable table = new("pod", "pod uid", "container", "if", "eni", "allocated", "alloc lsn", "ended", "end lsn", "how");
        foreach (Ipv6OwnershipInterval o in owners)
        {
            string how = o.IsLive ? "still allocated" : o.ReleaseEvidence is null ? $"released ({o.ReleaseReason})" : $"released ({o.ReleaseReason}: {o.ReleaseEvidence})";
            how += o.AdoptedFrom is null ? string.Empty : $"; adopted from {o.AdoptedFrom}";
            table.Add(o.Pod.ToString(), o.Pod.Uid, o.Key.ContainerId, o.Key.IfName, o.EniId, ReplayFormat.Time(o.AllocatedAt), ReplayFormat.Number(o.AllocatedLsn),
                ReplayFormat.Time(o.ReleasedAt), o.ReleasedLsn is { } l ? ReplayFormat.Number(l) : "-", how);
        }

        table.WriteTo(stdout);
        return ReplayExitCodes.Ok;
    }
}
