using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace EsCni.Domain.Net;

/// <summary>An IPv6 address as one 128-bit value: a cheap dictionary key and event field, like <see cref="Ipv4Address"/>.</summary>
/// <remarks>
/// Pods of an IPv6 node get addresses from one /80 (2^48 of them), so the pool never lists them: it hands out
/// offsets into the /80 (<see cref="Ipv6Prefix.AddressAt"/>) and keeps only the ones in use. Text is RFC 5952
/// (lowercase, longest zero run as <c>::</c>), exactly what <see cref="IPAddress"/> prints. Ordering is numeric.
/// </remarks>
/// <param name="Value">The address as a number: 2600:1f14::1 is 0x2600_1f14_0000_…_0001.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(Ipv6AddressJsonConverter))]
public readonly record struct Ipv6Address(UInt128 Value) : IComparable<Ipv6Address>
{
    /// <summary>Bytes on the wire (events, snapshots).</summary>
    public const int ByteCount = 16;

    /// <summary>Parses IPv6 text (any form <see cref="IPAddress"/> reads; a zone such as <c>%eth0</c> is refused).</summary>
    /// <exception cref="FormatException">The text is not an IPv6 address.</exception>
    public static Ipv6Address Parse(string text) => TryParse(text, out Ipv6Address address) ? address
        : throw new FormatException($"'{text}' is not an IPv6 address; expected a form such as 2600:1f14:abc:de01:1234::7.");

    /// <summary>Parses IPv6 text; false for anything else, including IPv4 and addresses with a zone.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv6Address address)
    {
        address = default;
        if (text is null || text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out IPAddress? parsed)
            || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = FromIPAddress(parsed);
        return true;
    }

    /// <summary>Converts from a BCL address.</summary>
    /// <exception cref="ArgumentException">The address is not IPv6.</exception>
    public static Ipv6Address FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"{address} is not an IPv6 address.", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[ByteCount];
        address.TryWriteBytes(bytes, out _);
        return FromBytes(bytes);
    }

    /// <summary>Reads 16 bytes in network order.</summary>
    /// <exception cref="ArgumentException">Not exactly 16 bytes.</exception>
    public static Ipv6Address FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length == ByteCount
        ? new Ipv6Address(BinaryPrimitives.ReadUInt128BigEndian(bytes))
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"an IPv6 address is {ByteCount} bytes, got {bytes.Length}"), nameof(bytes));

    /// <summary>Writes the 16 bytes in network order.</summary>
    public void WriteBytes(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, Value);

    /// <summary>The 16 bytes in network order.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[ByteCount];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Converts to a BCL address.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[ByteCount];
        WriteBytes(bytes);
        return new IPAddress(bytes);
    }

    /// <summary>Numeric order.</summary>
    public int CompareTo(Ipv6Address other) => Value.CompareTo(other.Value);

    /// <summary>RFC 5952 text, e.g. <c>2600:1f14:abc:de01:1234::7</c>.</summary>
    public override string ToString() => ToIPAddress().ToString();

    /// <summary>Numeric order.</summary>
    public static bool operator <(Ipv6Address left, Ipv6Address right) => left.Value < right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator >(Ipv6Address left, Ipv6Address right) => left.Value > right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(Ipv6Address left, Ipv6Address right) => left.Value <= right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(Ipv6Address left, Ipv6Address right) => left.Value >= right.Value;
}
