using System;
using System.Net;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Addresses;

/// <summary>IPv6 text in and out (RFC 5952, as IPAddress prints), bytes, order, and the /80's offsets without enumerating it.</summary>
public class Ipv6AddressTests
{
    [Theory]
    [InlineData("2600:1F14:0ABC:DE01:1234:0:0:7", "2600:1f14:abc:de01:1234::7")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("::", "::")]
    [InlineData("fe80::1", "fe80::1")]
    public void Parse_ThenToString_GivesRfc5952Text(string text, string expected)
    {
        Ipv6Address address = Ipv6Address.Parse(text);

        Assert.Equal(expected, address.ToString());
        Assert.Equal(IPAddress.Parse(text).ToString(), address.ToString());
        Assert.Equal(address, Ipv6Address.FromBytes(address.ToBytes()));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2600:1f14::/80")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAPlainIpv6Address_IsFalse(string? text)
    {
        Assert.False(Ipv6Address.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Garbage_NamesTheTextAndTheExpectedForm()
    {
        FormatException e = Assert.Throws<FormatException>(() => Ipv6Address.Parse("2600:zz::1"));

        Assert.Contains("'2600:zz::1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("2600:1f14:abc:de01:1234::7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareTo_IsNumeric()
    {
        Assert.True(Ipv6Address.Parse("2600::9") < Ipv6Address.Parse("2600::10"));
        Assert.True(Ipv6Address.Parse("2600::ffff") < Ipv6Address.Parse("2600::1:0"));
        Assert.True(Ipv6Address.Parse("2600::1").CompareTo(Ipv6Address.Parse("2600::1")) == 0);
    }

    [Fact]
    public void Prefix_Parse_ContainsAndAddressAt_WorkOnOffsetsWithinTheHostBits()
    {
        Ipv6Prefix prefix = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");

        Assert.Equal("2600:1f14:abc:de01:1234::/80", prefix.ToString());
        Assert.Equal(Ipv6Address.Parse("2600:1f14:abc:de01:1234::7"), prefix.AddressAt(7));
        Assert.Equal(Ipv6Address.Parse("2600:1f14:abc:de01:1234:ffff:ffff:ffff"), prefix.AddressAt(prefix.LastOffset));
        Assert.Equal((1UL << 48) - 1, prefix.LastOffset);
        Assert.True(prefix.Contains(prefix.AddressAt(prefix.LastOffset)));
        Assert.False(prefix.Contains(Ipv6Address.Parse("2600:1f14:abc:de01:1235::")));
        Assert.False(prefix.Contains(Ipv6Address.Parse("2600:1f14:abc:de01:1233:ffff:ffff:ffff")));
        Assert.Throws<ArgumentOutOfRangeException>(() => prefix.AddressAt(1UL << 48));
        Assert.True(prefix.TryGetOffset(Ipv6Address.Parse("2600:1f14:abc:de01:1234::1:0"), out ulong offset));
        Assert.Equal(0x10000UL, offset);
    }

    [Theory]
    [InlineData("2600:1f14:abc:de01:1234::1/80")]
    [InlineData("2600:1f14:abc:de01:1234::/129")]
    [InlineData("2600:1f14:abc:de01:1234::/-1")]
    [InlineData("2600:1f14:abc:de01:1234::")]
    [InlineData("10.0.0.0/28")]
    public void Prefix_TryParse_HostBitsSetOrNotAPrefix_IsFalse(string text)
    {
        Assert.False(Ipv6Prefix.TryParse(text, out _));
        Assert.Contains(text, Assert.Throws<FormatException>(() => Ipv6Prefix.Parse(text)).Message, StringComparison.Ordinal);
    }
}
