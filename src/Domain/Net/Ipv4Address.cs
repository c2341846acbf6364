using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace EsCni.Domain.Net;

/// <summary>An IPv4 address as one 32-bit value, cheaper than <see cref="IPAddress"/> as a dictionary key and in events.</summary>
/// <remarks>
/// The aggregate keeps a dictionary entry per pool IP and rebuilds from millions of events; a struct with value
/// equality avoids an allocation and a virtual call per lookup. Ordering is numeric (10.0.0.9 before 10.0.0.10).
/// </remarks>
/// <param name="Value">The address in host order: 10.0.0.1 is 0x0A000001.</param>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>
{
    /// <summary>Parses dotted-quad text.</summary>
    /// <exception cref="FormatException">The text is not an IPv4 address.</exception>
    public static Ipv4Address Parse(string text)
    {
        if (!TryParse(text, out Ipv4Address address))
        {
            throw new FormatException($"'{text}' is not an IPv4 address; expected dotted-quad form such as 10.0.3.17.");
        }

        return address;
    }

    /// <summary>Parses dotted-quad text; returns false for anything else, including IPv6.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Address address)
    {
        address = default;
        if (text is null || !IPAddress.TryParse(text, out IPAddress? parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        address = FromIPAddress(parsed);
        return true;
    }

    /// <summary>Converts from a BCL address.</summary>
    /// <exception cref="ArgumentException">The address is not IPv4.</exception>
    public static Ipv4Address FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address; EsCni pools are IPv4 only.", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return new Ipv4Address(BinaryPrimitives.ReadUInt32BigEndian(bytes));
    }

    /// <summary>Converts to a BCL address.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    /// <summary>Numeric order.</summary>
    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    /// <summary>Dotted-quad text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}");

    /// <summary>Numeric order.</summary>
    public static bool operator <(Ipv4Address left, Ipv4Address right) => left.Value < right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator >(Ipv4Address left, Ipv4Address right) => left.Value > right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(Ipv4Address left, Ipv4Address right) => left.Value <= right.Value;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(Ipv4Address left, Ipv4Address right) => left.Value >= right.Value;
}
