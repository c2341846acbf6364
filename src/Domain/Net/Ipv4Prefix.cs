using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Net;

/// <summary>An IPv4 /28 delegated prefix (16 addresses), the unit EC2 assigns to an ENI in prefix-delegation mode.</summary>
/// <remarks>
/// EC2 only delegates /28s, aligned on a 16-address boundary, so a prefix is its first address; every one of its 16
/// addresses can go to a pod (unlike a subnet, a delegated prefix has no network or broadcast address).
/// </remarks>
/// <param name="Base">The first address; its low 4 bits are zero.</param>
public readonly record struct Ipv4Prefix(Ipv4Address Base) : IComparable<Ipv4Prefix>
{
    /// <summary>The prefix length EC2 delegates for IPv4.</summary>
    public const int Length = 28;

    /// <summary>Addresses in one prefix.</summary>
    public const int Size = 16;

    /// <summary>The prefix that holds <paramref name="address"/>.</summary>
    public static Ipv4Prefix Of(Ipv4Address address) => new(new Ipv4Address(address.Value & ~(uint)(Size - 1)));

    /// <summary>True when the base is aligned on a /28 boundary.</summary>
    public bool IsAligned => (Base.Value & (Size - 1)) == 0;

    /// <summary>True when <paramref name="address"/> is one of the prefix's 16 addresses.</summary>
    public bool Contains(Ipv4Address address) => Of(address).Base == Base;

    /// <summary>The 16 addresses, in order.</summary>
    public IEnumerable<Ipv4Address> Addresses()
    {
        for (uint i = 0; i < Size; i++)
        {
            yield return new Ipv4Address(Base.Value + i);
        }
    }

    /// <summary>Parses "10.0.3.16/28".</summary>
    /// <exception cref="FormatException">The text is not an aligned IPv4 /28.</exception>
    public static Ipv4Prefix Parse(string text) => TryParse(text, out Ipv4Prefix prefix) ? prefix
        : throw new FormatException($"'{text}' is not an IPv4 /28 prefix; expected an aligned /28 such as 10.0.3.16/28.");

    /// <summary>Parses "10.0.3.16/28"; false for anything else, including a /28 that is not aligned.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Prefix prefix)
    {
        prefix = default;
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash < 0 || text![(slash + 1)..] != "28" || !Ipv4Address.TryParse(text[..slash], out Ipv4Address address))
        {
            return false;
        }

        prefix = new Ipv4Prefix(address);
        return prefix.IsAligned;
    }

    /// <summary>Numeric order of the base.</summary>
    public int CompareTo(Ipv4Prefix other) => Base.CompareTo(other.Base);

    /// <summary>"10.0.3.16/28".</summary>
    public override string ToString() => Base + "/28";

    /// <summary>Numeric order.</summary>
    public static bool operator <(Ipv4Prefix left, Ipv4Prefix right) => left.Base < right.Base;

    /// <summary>Numeric order.</summary>
    public static bool operator >(Ipv4Prefix left, Ipv4Prefix right) => left.Base > right.Base;

    /// <summary>Numeric order.</summary>
    public static bool operator <=(Ipv4Prefix left, Ipv4Prefix right) => left.Base <= right.Base;

    /// <summary>Numeric order.</summary>
    public static bool operator >=(Ipv4Prefix left, Ipv4Prefix right) => left.Base >= right.Base;
}
