using EsCni.Domain.Net;

namespace EsCni.Projections.Ownership;

/// <summary>The read model "who owned which IP when": every IP's ownership intervals, in allocation (LSN) order.</summary>
/// <remarks>
/// Intervals of one IP normally follow each other; when a journal holds a double allocation they overlap, and
/// that overlap is exactly what an incident responder needs to see, so it is kept rather than resolved.
/// </remarks>
public sealed class OwnershipTimeline
{
    private readonly Dictionary<Ipv4Address, List<OwnershipInterval>> _byIp;

    internal OwnershipTimeline(Dictionary<Ipv4Address, List<OwnershipInterval>> byIp)
    {
        _byIp = byIp;
    }

    /// <summary>IPs that had at least one owner, ascending.</summary>
    public IReadOnlyList<Ipv4Address> Ips => _byIp.Keys.Order().ToList();

    /// <summary>Every owner the IP ever had, in allocation order (empty when none).</summary>
    public IReadOnlyList<OwnershipInterval> For(Ipv4Address ip) => _byIp.TryGetValue(ip, out List<OwnershipInterval>? list) ? list : [];

    /// <summary>The owners at an instant: normally zero or one; more means the journal holds a double allocation.</summary>
    public IReadOnlyList<OwnershipInterval> OwnersAt(Ipv4Address ip, DateTimeOffset at) => For(ip).Where(i => i.Covers(at)).ToList();

    /// <summary>The owners at any time in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<OwnershipInterval> OwnersDuring(Ipv4Address ip, DateTimeOffset from, DateTimeOffset to) =>
        For(ip).Where(i => i.Overlaps(from, to)).ToList();
}
