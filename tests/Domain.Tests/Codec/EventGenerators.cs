using System;
using System.Linq;
using CsCheck;
using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Codec;

/// <summary>CsCheck generators producing every event type with arbitrary field values.</summary>
internal static class EventGenerators
{
    public const int TypeCount = 37;

    // The IPv6 family (type ids 47–52) comes after every IPv4 type in the drawn numbering.
    private const int Ipv6TypeStart = 31;

    /// <summary>The event types the 0.1 positional codec knows (every type before the holds, ids 33–34).</summary>
    public const int TypeCount01 = 21;

    private static readonly Gen<string> s_text = Gen.OneOf(
        Gen.String.AlphaNumeric,
        Gen.Char['\u0020', '\u07FF'].Array[0, 12].Select(chars => new string(chars)));

    private static readonly Gen<string?> s_optionalText = Gen.OneOf(Gen.Const((string?)null), s_text.Select(t => (string?)t));

    private static readonly Gen<DateTimeOffset> s_time = Gen.Select(Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks], Gen.Int[-840, 840])
        .Select((ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    private static readonly Gen<Cause> s_cause = Gen.Select(Gen.Int[0, 4], s_optionalText, s_optionalText, s_optionalText)
        .Select((kind, a, b, c) => new Cause((CauseKind)kind, a, b, c));

    private static readonly Gen<Ipv4Address> s_ip = Gen.UInt.Select(v => new Ipv4Address(v));

    private static readonly Gen<ValueList<Ipv4Address>> s_ips = s_ip.Array[0, 20].Select(a => new ValueList<Ipv4Address>(a));

    private static readonly Gen<Ipv6Address> s_ipv6 = Gen.Select(Gen.ULong, Gen.ULong).Select((high, low) => new Ipv6Address(new UInt128(high, low)));

    private static readonly Gen<Ipv6Prefix> s_ipv6Prefix = Gen.Select(s_ipv6, Gen.Int[0, 128])
        .Select((a, length) => new Ipv6Prefix(new Ipv6Address(length == 0 ? UInt128.Zero : a.Value >> (128 - length) << (128 - length)), length));

    private static readonly Gen<IpamKey> s_key = Gen.Select(s_text, s_text, s_text).Select((a, b, c) => new IpamKey(a, b, c));

    private static readonly Gen<Pod> s_pod = Gen.Select(s_text, s_text, s_text).Select((a, b, c) => new Pod(a, b, c));

    public static readonly Gen<DomainEvent> Any = Of(TypeCount);

    /// <summary>Events of the types the 0.1 positional codec can write.</summary>
    public static readonly Gen<DomainEvent> Any01 = Of(TypeCount01);

    private static Gen<DomainEvent> Of(int typeCount) =>
        Gen.Select(Gen.Int[0, typeCount - 1], Gen.Guid, s_time, s_cause)
            .SelectMany((type, id, at, cause) => Gen.Select(Gen.Select(s_text.Array[4], Gen.Int, s_ips, s_ip, s_key, s_pod, Gen.Long[0, TimeSpan.FromDays(1).Ticks]), s_ipv6, s_ipv6Prefix)
                .Select((v4, v6, prefix) => type < Ipv6TypeStart
                    ? Make(type, id, at, cause, v4.Item1, v4.Item2, v4.Item3, v4.Item4, v4.Item5, v4.Item6, v4.Item7)
                    : MakeIpv6(type, id, at, cause, v4.Item1, v4.Item2, v6, prefix, v4.Item5, v4.Item6)));

    private static ValueList<Ipv4Prefix> Prefixes(ValueList<Ipv4Address> ips) => new(ips.Select(Ipv4Prefix.Of));

    private static DomainEvent MakeIpv6(int type, Guid id, DateTimeOffset at, Cause c, string[] s, int n, Ipv6Address address, Ipv6Prefix prefix, IpamKey key, Pod pod) => type switch
    {
        Ipv6TypeStart => new Ipv6PrefixRequested(id, at, c, s[0]),
        32 => new Ipv6PrefixAdded(id, at, c, s[0], prefix, s[1]),
        33 => new Ipv6PrefixRequestFailed(id, at, c, s[0], s[1]),
        34 => new Ipv6Allocated(id, at, c, address, s[0], key, pod, s[1]),
        36 => new Ipv6CursorAdvanced(id, at, c, s[0], address, (ulong)(uint)n, s[1]),
        _ => new Ipv6Released(id, at, c, address, s[0], key, pod, (ReleaseReason)Math.Abs(n % 7), n % 2 == 0 || s[1].Length == 0 ? null : s[1]) { Evidence = s[2] },
    };

    private static DomainEvent Make(int type, Guid id, DateTimeOffset at, Cause c, string[] s, int n, ValueList<Ipv4Address> ips, Ipv4Address ip, IpamKey key, Pod pod, long ticks) => type switch
    {
        0 => new NodeStarted(id, at, c, s[0], s[1], s[2], new ValueList<string>(s), n, n / 2, s[3], TimeSpan.FromTicks(ticks)),
        1 => new NodeStopped(id, at, c, s[0]),
        2 => new EniCreateRequested(id, at, c, s[0], s[1]),
        3 => new EniCreated(id, at, c, s[0], s[1], s[2]),
        4 => new EniCreateFailed(id, at, c, s[0], s[1], s[2]),
        5 => new EniAttached(id, at, c, s[0], n, s[1], s[2], s[3], ip, n ^ 0x55),
        6 => new EniDetachRequested(id, at, c, s[0]),
        7 => new EniDetachFailed(id, at, c, s[0], s[1], s[2]),
        8 => new EniDetached(id, at, c, s[0]),
        9 => new EniDeleted(id, at, c, s[0]),
        10 => new PoolIpsRequested(id, at, c, s[0], n),
        11 => new PoolIpsAdded(id, at, c, s[0], ips),
        12 => new PoolIpsRequestFailed(id, at, c, s[0], s[1], s[2]),
        13 => new PoolIpsReleaseRequested(id, at, c, s[0], ips),
        14 => new PoolIpsReleaseFailed(id, at, c, s[0], ips, s[1], s[2]),
        15 => new PoolIpsRemoved(id, at, c, s[0], ips),
        16 => new IpAllocated(id, at, c, ip, s[0], key, pod, s[1]),
        17 => new IpReleased(id, at, c, ip, key, (ReleaseReason)(Math.Abs(n % 5))),
        18 => new AllocationQuarantined(id, at, c, ip, key, s[0]),
        19 => new DriftDetected(id, at, c, s[0], s[1], s[2]),
        20 => new DriftResolved(id, at, c, s[0], s[1]),
        21 => new IpHeld(id, at, c, ip, (HoldSource)(Math.Abs(n % 2)), s[0], s[1], s[2], n, at.AddTicks(-ticks)),
        22 => new IpHoldLifted(id, at, c, ip, s[0]),
        23 => new PoolPrefixesRequested(id, at, c, s[0], n),
        24 => new PoolPrefixesAdded(id, at, c, s[0], Prefixes(ips)),
        25 => new PoolPrefixesRequestFailed(id, at, c, s[0], s[1], s[2]),
        26 => new PoolPrefixesReleaseRequested(id, at, c, s[0], Prefixes(ips)),
        27 => new PoolPrefixesReleaseFailed(id, at, c, s[0], Prefixes(ips), s[1], s[2]),
        28 => new PoolPrefixesRemoved(id, at, c, s[0], Prefixes(ips)),
        // The checkpoint has no pod UID, so IpAdopted carries none.
        29 => new IpAdopted(id, at, c, ip, s[0], key, pod with { Uid = string.Empty }, at.AddTicks(-ticks), s[1]),
        _ => new EniAdopted(id, at, c, s[0], s[1], new ValueList<EniTag>(s.Skip(2).Select((v, i) => new EniTag(s[i % s.Length], v)))),
    };
}
