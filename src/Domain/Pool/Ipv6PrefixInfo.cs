namespace EsCni.Domain.Pool;

/// <summary>A /80 the node holds for its IPv6 pods.</summary>
/// <param name="EniId">The ENI it is assigned to (the primary ENI).</param>
/// <param name="Prefix">The /80.</param>
/// <param name="AddedAt">When it joined (the <see cref="Ipv6PrefixAdded"/>).</param>
public sealed record Ipv6PrefixInfo(string EniId, Ipv6Prefix Prefix, DateTimeOffset AddedAt);
