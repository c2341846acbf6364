using EsCni.Domain.Pool;

namespace EsCni.Replay;

/// <summary>The IPv6 part of <c>replay state</c>: the node's /80(s), the cursor, a /80 request in flight and the live IPv6 allocations.</summary>
/// <remarks>Absent (null) for a node without IPv6, so IPv4 journals answer exactly as before (tests/Golden).</remarks>
internal sealed record Ipv6StateView(IReadOnlyList<Ipv6StateView.PrefixRow> Prefixes, ulong NextOffset, string? PendingPrefixEni, IReadOnlyList<Ipv6StateView.AllocationRow> Allocations)
{
    /// <summary>The view, or null when the pool has no IPv6 state at all.</summary>
    public static Ipv6StateView? Of(NodePool pool) =>
        pool.Ipv6Prefixes.Count == 0 && pool.PendingIpv6PrefixEni is null && pool.Ipv6AllocationCount == 0 ? null
            : new Ipv6StateView(
                pool.Ipv6Prefixes.Select(p => new PrefixRow(p.Prefix.ToString(), p.EniId, p.AddedAt)).ToList(),
                pool.NextIpv6Offset,
                pool.PendingIpv6PrefixEni,
                pool.GetIpv6Allocations().Select(a => new AllocationRow(a.Address.ToString(), a.EniId, a.Pod.ToString(), a.Pod.Uid, a.Key.ContainerId, a.Key.IfName, a.AllocatedAt, a.AllocatedLsn)).ToList());

    /// <summary>Prints the /80s and the allocations as tables.</summary>
    public void WriteTo(TextWriter stdout)
    {
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"IPv6: {Prefixes.Count} /80(s), {Allocations.Count} allocated, next offset {NextOffset}{(PendingPrefixEni is { } eni ? $", /80 request in flight on {eni}" : string.Empty)}"));
        TextTable prefixes = new("ipv6 prefix", "eni", "added");
        foreach (PrefixRow p in Prefixes)
        {
            prefixes.Add(p.Prefix, p.EniId, ReplayFormat.Time(p.AddedAt));
        }

        prefixes.WriteTo(stdout);
        stdout.WriteLine();
        TextTable allocations = new("ipv6", "eni", "pod", "pod uid", "container", "if", "since", "lsn");
        foreach (AllocationRow a in Allocations)
        {
            allocations.Add(a.Address, a.EniId, a.Pod, a.PodUid, a.ContainerId, a.IfName, ReplayFormat.Time(a.AllocatedAt), ReplayFormat.Number(a.AllocatedLsn));
        }

        allocations.WriteTo(stdout);
    }

    /// <summary>One /80.</summary>
    internal sealed record PrefixRow(string Prefix, string EniId, DateTimeOffset AddedAt);

    /// <summary>One live IPv6 allocation.</summary>
    internal sealed record AllocationRow(string Address, string EniId, string Pod, string PodUid, string ContainerId, string IfName, DateTimeOffset AllocatedAt, long AllocatedLsn);
}
