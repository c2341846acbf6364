using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EsCni.Domain.Events;

/// <summary>Deterministic event ids (UUIDv5, RFC 9562 §5.5) so a retried decision produces the same id and a shipper can deduplicate.</summary>
public static class EventIds
{
    // A fixed namespace so every node derives the same id for the same name; never change it.
    private static readonly Guid s_namespace = new("6f0e5a52-3c1b-4d44-9a55-5e0c2a9d1f37");

    /// <summary>The UUIDv5 of the parts joined with '\u001f' (a separator that cannot occur in ids or keys).</summary>
    public static Guid From(params ReadOnlySpan<string> parts)
    {
        StringBuilder name = new();
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                name.Append('\u001f');
            }

            name.Append(parts[i]);
        }

        return NameBased(name.ToString());
    }

    /// <summary>The UUIDv5 of a name in the EsCni namespace.</summary>
    public static Guid NameBased(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] input = new byte[16 + nameBytes.Length];
        s_namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // UUIDv5 is defined over SHA-1; this is an identifier, not a security use.
        byte[] hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The id of the event a decision emits: the same state (LSN), command time and subject always give the same id.</summary>
    internal static Guid ForDecision(string eventType, long afterLsn, int index, DateTimeOffset at, string subject)
    {
        Span<byte> scratch = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(scratch, at.UtcTicks);
        return From(eventType, afterLsn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            index.ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToHexString(scratch), subject);
    }
}
