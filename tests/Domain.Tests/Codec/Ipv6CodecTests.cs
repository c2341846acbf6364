using System;
using System.Collections.Generic;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Codec;

/// <summary>
/// The IPv6 events on the wire: golden bytes (written by the build that added them; never edit, only add), fields a
/// newer release adds survive, damaged values are Malformed, and a snapshot from before IPv6 loads as a node without it.
/// </summary>
public class Ipv6CodecTests
{
    // Field 99, varint 42: a field no message of this release declares.
    private static readonly byte[] s_field99 = [0x98, 0x06, 42];
    private static readonly DateTimeOffset s_at = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Ipv6Prefix s_slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");
    private static readonly IpamKey s_key = new("escni", "c1", "eth0");
    private static readonly Pod s_pod = new("default", "web", "uid-1");

    public static TheoryData<string> Names() => ["Ipv6PrefixRequested", "Ipv6PrefixAdded", "Ipv6PrefixRequestFailed", "Ipv6Allocated", "Ipv6Released", "Ipv6CursorAdvanced"];

    private static DomainEvent Sample(string name)
    {
        Guid id = EventIds.NameBased(name);
        Cause cause = new(CauseKind.CniRequest, "req-1", null, null);
        return name switch
        {
            "Ipv6PrefixRequested" => new Ipv6PrefixRequested(id, s_at, cause, "eni-0"),
            "Ipv6PrefixAdded" => new Ipv6PrefixAdded(id, s_at, cause, "eni-0", s_slash80, Ipv6PrefixAdded.FromEc2),
            "Ipv6PrefixRequestFailed" => new Ipv6PrefixRequestFailed(id, s_at, cause, "eni-0", "InsufficientCidrBlocks"),
            "Ipv6Allocated" => new Ipv6Allocated(id, s_at, cause, s_slash80.AddressAt(7), "eni-0", s_key, s_pod, "/var/run/netns/cni-1"),
            "Ipv6CursorAdvanced" => new Ipv6CursorAdvanced(id, s_at, Cause.Of(CauseKind.Reconciler), "eni-0", s_slash80.AddressAt(9), 10, "host route 2600:1f14:abc:de01:1234::9/128 dev eni1"),
            _ => new Ipv6Released(id, s_at, cause, s_slash80.AddressAt(7), "eni-0", s_key, s_pod, ReleaseReason.RuntimeGc, "del-1") { Evidence = "sandbox gone" },
        };
    }

    // Written by the build that added the IPv6 events (type ids 47–51, schema version 2), Ipv6CursorAdvanced (52) by the next.
    private static readonly Dictionary<string, string> s_golden = new()
    {
        ["Ipv6PrefixRequested"] = "020A2209DC54FDD9E0A7218011D2BBA258C10431961900E8E84E7753DF0832057265712D311205656E692D30",
        ["Ipv6PrefixAdded"] = "020A2209BD5EF08DCECB6B1F11AA76405B7470F39B1900E8E84E7753DF0832057265712D311205656E692D301A1026001F140ABCDE01123400000000000020502A03656332",
        ["Ipv6PrefixRequestFailed"] = "020A2209C9501954B02613DF11C1FEFADA3E93A5B11900E8E84E7753DF0832057265712D311205656E692D301A16496E73756666696369656E7443696472426C6F636B73",
        ["Ipv6Allocated"] = "020A22094652BCC51818AF9811FCDD71B30DBA53BC1900E8E84E7753DF0832057265712D31121026001F140ABCDE0112340000000000071A05656E692D3022056573636E692A0263313204657468303A0764656661756C7442037765624A057569642D3152142F7661722F72756E2F6E65746E732F636E692D31",
        ["Ipv6CursorAdvanced"] = "020A1D09A058C7F31DD128B4114A9A326B8CB0BE9D1900E8E84E7753DF0828011205656E692D301A1026001F140ABCDE011234000000000009200A2A32686F737420726F75746520323630303A316631343A6162633A646530313A313233343A3A392F3132382064657620656E6931",
        ["Ipv6Released"] = "020A2209A458816E6738683E1188F2F435FDA2D0A11900E8E84E7753DF0832057265712D31121026001F140ABCDE0112340000000000071A05656E692D3022056573636E692A0263313204657468303A0764656661756C7442037765624A057569642D3150065A0564656C2D31620C73616E64626F7820676F6E65",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Decode_GoldenBytes_GivesTheEventAndEncodesBackTheSame(string name)
    {
        DomainEvent expected = Sample(name);
        byte[] golden = Convert.FromHexString(s_golden[name]);

        DecodeResult result = EventCodec.Decode(EventSchemas.TypeIdOf(expected.GetType()), golden);

        Assert.True(result.IsOk, result.Error);
        Assert.Equal(expected, result.Event);
        Assert.Equal(golden, EventCodec.Encode(expected).Payload);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_OfIpv6EventWithUnknownFields_WritesThemBack(string name)
    {
        (ushort typeId, byte[] payload) = EventCodec.Encode(Sample(name));
        byte[] newer = [.. payload, .. s_field99];

        DomainEvent decoded = EventCodec.Decode(typeId, newer).Event!;

        Assert.NotNull(decoded.Newer);
        Assert.Equal(newer, EventCodec.Encode(decoded).Payload);
    }

    [Fact]
    public void TryReadLeadingIpv6_GoldenPodEvents_ReadsTheAddress_AndAnyOtherShapeIsFalse()
    {
        foreach (string name in (string[])["Ipv6Allocated", "Ipv6Released"])
        {
            Assert.True(EventCodec.TryReadLeadingIpv6(Convert.FromHexString(s_golden[name]), out Ipv6Address address), name);
            Assert.Equal(s_slash80.AddressAt(7), address);
        }

        byte[] allocated = Convert.FromHexString(s_golden["Ipv6Allocated"]);
        Assert.False(EventCodec.TryReadLeadingIpv6(allocated.AsSpan(0, 40), out _)); // cut inside the address
        Assert.False(EventCodec.TryReadLeadingIpv6(Convert.FromHexString(s_golden["Ipv6PrefixRequested"]), out _)); // field 2 is the ENI id
        Assert.False(EventCodec.TryReadLeadingIpv6(EventCodec.Encode(new IpAllocated(Guid.Empty, s_at, Cause.Of(CauseKind.CniRequest),
            Ipv4Address.Parse("10.0.1.7"), "eni-0", s_key, s_pod, "ns")).Payload, out _));
        Assert.True(EventCodec.CarriesLeadingIpv6(EventTypeIds.Ipv6Released));
        Assert.False(EventCodec.CarriesLeadingIpv6(EventTypeIds.IpReleased));
    }

    [Fact]
    public void Decode_AddressOfWrongLengthOrPrefixWithHostBits_IsMalformedNamingIt()
    {
        (ushort allocatedType, byte[] allocated) = EventCodec.Encode(Sample("Ipv6Allocated"));
        // Field 2 (address) is tag 0x12, length 16, right after the meta; cut its length to 15 by rewriting it as a field with one byte less.
        int at = Array.IndexOf(allocated, (byte)0x12, 2 + allocated[2] + 1);
        byte[] shortAddress = [.. allocated.AsSpan(0, at), 0x12, 15, .. allocated.AsSpan(at + 2, 15), .. allocated.AsSpan(at + 2 + 16)];
        Ipv6PrefixAdded withHostBits = (Ipv6PrefixAdded)Sample("Ipv6PrefixAdded");
        (ushort addedType, byte[] added) = EventCodec.Encode(withHostBits with { Prefix = new Ipv6Prefix(s_slash80.AddressAt(1), 80) });

        DecodeResult badAddress = EventCodec.Decode(allocatedType, shortAddress);
        DecodeResult badPrefix = EventCodec.Decode(addedType, added);

        Assert.Equal(DecodeStatus.Malformed, badAddress.Status);
        Assert.Contains("15 bytes", badAddress.Error, StringComparison.Ordinal);
        Assert.Equal(DecodeStatus.Malformed, badPrefix.Status);
        Assert.Contains("host bits", badPrefix.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_WithoutIpv6Fields_LoadsAsANodeWithoutIpv6()
    {
        Pool.PoolScenario s = Pool.PoolScenario.Started(enis: 1, ipsAdded: 3);
        s.Allocate(1);

        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        Assert.Empty(restored.Ipv6Prefixes);
        Assert.Equal(1UL, restored.NextIpv6Offset);
        Assert.Null(restored.PendingIpv6PrefixEni);
        Assert.Equal(RejectionCode.NoIpv6Prefix, restored.Decide(new Commands.AllocateIpv6(s.Now, Pool.PoolScenario.Cni, Pool.PoolScenario.Key(2), Pool.PoolScenario.PodOf(2), "ns")).Rejection!.Code);
        Assert.Equal(s.Pool.GetAllocations(), restored.GetAllocations());
    }
}
