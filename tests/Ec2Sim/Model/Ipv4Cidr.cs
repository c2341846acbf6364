using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EsCni.Ec2Sim.Model;

/// <summary>An IPv4 network in CIDR form, with addresses held as host-order integers for cheap scanning.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    /// <summary>Number of addresses in the block, network and broadcast included.</summary>
    public long Size => 1L << (32 - PrefixLength);

    /// <summary>The last address of the block (the broadcast address).</summary>
    public uint Last => (uint)(Network + Size - 1);

    /// <summary>True when <paramref name="address"/> lies inside the block.</summary>
    public bool Contains(uint address) => address >= Network && address <= Last;

    /// <summary>True when the whole of <paramref name="other"/> lies inside this block.</summary>
    public bool Contains(Ipv4Cidr other) => Contains(other.Network) && Contains(other.Last);

    /// <summary>Parses "a.b.c.d/n"; the address is masked down to the network.</summary>
    public static Ipv4Cidr Parse(string text)
    {
        if (!TryParse(text, out Ipv4Cidr cidr))
        {
            throw new FormatException($"'{text}' is not an IPv4 CIDR block; write it as a.b.c.d/n, e.g. 10.10.0.0/16.");
        }
        return cidr;
    }

    /// <summary>Parses "a.b.c.d/n" without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (text is null)
        {
            return false;
        }
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !TryParseAddress(text[..slash], out uint address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix)
            || prefix < 0 || prefix > 32)
        {
            return false;
        }
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(address & mask, prefix);
        return true;
    }

    /// <summary>Parses a dotted-quad IPv4 address to a host-order integer.</summary>
    public static bool TryParseAddress([NotNullWhen(true)] string? text, out uint address)
    {
        address = 0;
        if (text is null || !IPAddress.TryParse(text, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || text.Split('.').Length != 4)
        {
            return false;
        }
        byte[] bytes = ip.GetAddressBytes();
        address = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return true;
    }

    /// <summary>Formats a host-order integer as a dotted quad.</summary>
    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(Network)}/{PrefixLength}");
}
