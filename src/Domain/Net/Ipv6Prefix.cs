using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Net;

/// <summary>An IPv6 prefix such as the /80 EC2 delegates to a node's primary ENI (<c>AssignIpv6Addresses Ipv6PrefixCount=1</c>).</summary>
/// <remarks>
/// A /80 holds 2^48 addresses, so nothing here enumerates one: an address is named by its offset within the host
/// bits (<see cref="AddressAt"/>) and membership is a mask compare. The network has its host bits zero, which
/// parsing checks, so a prefix equals another exactly when they cover the same addresses.
/// </remarks>
/// <param name="Network">The first address; its host bits are zero.</param>
/// <param name="Length">The prefix length, 0..128.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Ipv6PrefixJsonConverter))]
public readonly record struct Ipv6Prefix(Ipv6Address Network, int Length) : IComparable<Ipv6Prefix>
{
    /// <summary>The length EC2 delegates to a node for pods (the VPC CNI's IPv6 mode).</summary>
    public const int NodeLength = 80;

    /// <summary>Bits after the prefix: 48 for a /80.</summary>
    public int HostBits => 128 - Length;

    /// <summary>The largest offset <see cref="AddressAt"/> takes (2^48 - 1 for a /80; capped at <see cref="ulong.MaxValue"/>).</summary>
    public ulong LastOffset => HostBits >= 64 ? ulong.MaxValue : (1UL << HostBits) - 1;

    /// <summary>True when the length is 0..128 and the host bits of the network are zero.</summary>
    public bool IsValid => Length is >= 0 and <= 128 && (Network.Value & HostMask) == UInt128.Zero;

    private UInt128 HostMask => HostBits == 0 ? UInt128.Zero : HostBits == 128 ? UInt128.MaxValue : (UInt128.One << HostBits) - UInt128.One;

    /// <summary>True when <paramref name="address"/> lies in the prefix.</summary>
    public bool Contains(Ipv6Address address) => (address.Value & ~HostMask) == Network.Value;

    /// <summary>The address at <paramref name="offset"/> within the host bits (0 is the network itself).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset does not fit the host bits.</exception>
    public Ipv6Address AddressAt(ulong offset) => offset <= LastOffset
        ? new Ipv6Address(Network.Value + offset)
        : throw new ArgumentOutOfRangeException(nameof(offset), offset, string.Create(CultureInfo.InvariantCulture, $"a /{Length} has offsets 0..{LastOffset}"));

    /// <summary>The offset of <paramref name="address"/> within the prefix, when it lies in it and the offset fits 64 bits.</summary>
    public bool TryGetOffset(Ipv6Address address, out ulong offset)
    {
        UInt128 difference = address.Value - Network.Value;
        offset = (ulong)difference;
        return Contains(address) && difference <= ulong.MaxValue;
    }

    /// <summary>Parses "2600:1f14:abc:de01:1234::/80".</summary>
    /// <exception cref="FormatException">The text is not an IPv6 prefix with its host bits zero.</exception>
    public static Ipv6Prefix Parse(string text) => TryParse(text, out Ipv6Prefix prefix) ? prefix
        : throw new FormatException($"'{text}' is not an IPv6 prefix; expected address/length with the host bits zero, such as 2600:1f14:abc:de01:1234::/80.");

    /// <summary>Parses "2600:1f14:abc:de01:1234::/80"; false for anything else, including set host bits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv6Prefix prefix)
    {
        prefix = default;
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0 || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || !Ipv6Address.TryParse(text[..slash], out Ipv6Address network))
        {
            return false;
        }

        prefix = new Ipv6Prefix(network, length);
        return prefix.IsValid;
    }

    /// <summary>Numeric order of the network, then length.</summary>
    public int CompareTo(Ipv6Prefix other)
    {
        int byNetwork = Network.CompareTo(other.Network);
        return byNetwork != 0 ? byNetwork : Length.CompareTo(other.Length);
    }

    /// <summary>"2600:1f14:abc:de01:1234::/80".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Network}/{Length}");

    /// <summary>Numeric order.</summary>
    public static bool operator <(Ipv6Prefix left, Ipv6Prefix right) => left.CompareTo(right) < 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >(Ipv6Prefix left, Ipv6Prefix right) => left.CompareTo(right) > 0;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(Ipv6Prefix left, Ipv6Prefix right) => left.CompareTo(right) <= 0;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(Ipv6Prefix left, Ipv6Prefix right) => left.CompareTo(right) >= 0;
}
