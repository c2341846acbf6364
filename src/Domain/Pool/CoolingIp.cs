namespace EsCni.Domain.Pool;

/// <summary>A free IP that may not be handed out before <paramref name="Until"/>.</summary>
/// <param name="Ip">The IP.</param>
/// <param name="EniId">Its ENI.</param>
/// <param name="Until">When its cooldown ends.</param>
public readonly record struct CoolingIp(Ipv4Address Ip, string EniId, DateTimeOffset Until);
