using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace EsCni.Ec2Sim.Model;

/// <summary>An IPv6 block as a 128-bit network and a prefix length (the VPC's /56, a subnet's /64, an ENI's /80).</summary>
public readonly record struct Ipv6Cidr(UInt128 Network, int PrefixLength)
{
    /// <summary>Parses "2600:1f14:abc:de00::/56"; false for IPv4, a bad length or host bits set.</summary>
    public static bool TryParse(string? text, out Ipv6Cidr cidr)
    {
        cidr = default;
        string[] parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6
            || !int.TryParse(parts[1], out int length) || length is < 0 or > 128)
        {
            return false;
        }

        UInt128 network = ToNumber(address);
        if ((network & ~Mask(length)) != 0)
        {
            return false;
        }

        cidr = new Ipv6Cidr(network, length);
        return true;
    }

    /// <summary>True when <paramref name="inner"/> lies entirely inside this block.</summary>
    public bool Contains(Ipv6Cidr inner) => inner.PrefixLength >= PrefixLength && (inner.Network & Mask(PrefixLength)) == Network;

    /// <summary>The index-th sub-block of <paramref name="length"/> bits (index 0 is the first).</summary>
    public Ipv6Cidr Subblock(int length, ulong index) => new(Network + ((UInt128)index << (128 - length)), length);

    /// <summary>The address at <paramref name="offset"/> from the network address.</summary>
    public string AddressAt(UInt128 offset) => FromNumber(Network + offset).ToString();

    /// <summary>Canonical text, e.g. 2600:1f14:abc:de01:1::/80.</summary>
    public override string ToString() => $"{FromNumber(Network)}/{PrefixLength}";

    /// <summary>The address as a big-endian 128-bit number.</summary>
    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out int written) && written == 16
            ? BinaryPrimitives.ReadUInt128BigEndian(bytes)
            : throw new ArgumentException($"{address} is not an IPv6 address", nameof(address));
    }

    /// <summary>Parses an address to its number; false when it is not IPv6.</summary>
    public static bool TryParseAddress(string text, [NotNullWhen(true)] out UInt128? number)
    {
        number = IPAddress.TryParse(text, out IPAddress? a) && a.AddressFamily == AddressFamily.InterNetworkV6 ? ToNumber(a) : null;
        return number is not null;
    }

    private static IPAddress FromNumber(UInt128 number)
    {
        byte[] bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    private static UInt128 Mask(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
}
