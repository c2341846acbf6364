using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Codec.Proto;

namespace EsCni.Domain.Pool;

/// <summary>Encodes a <see cref="NodePool"/> to bytes and back, so the daemon loads a snapshot and replays only the tail.</summary>
/// <remarks>
/// Layout: magic "ESNP", format version byte, then the state. Versions 2 (written since 0.2) and 3: a 4-byte LE length and the protobuf message
/// <c>PoolSnapshot</c> (proto/escni/events/v1/pool_snapshot.proto) with every collection sorted, so the same state always
/// gives the same bytes (tests compare a rebuilt pool with a live one by comparing snapshots). Version 1: the 0.1
/// positional layout, still read (<see cref="NodePool"/>'s LegacySnapshotV1 part) because a node upgraded from 0.1 may
/// have deleted the segments before its last snapshot. A newer version is refused with both versions named; the
/// daemon then uses an older snapshot or replays the journal. The journal stores the bytes and their LSN; it adds the CRC.
/// <para>
/// Version 3 is version 2's body for a pool that holds IPv6 state (fields 12–15). A build from before IPv6 reads
/// version 2 and would skip those fields, silently forgetting the pods' IPv6 addresses; the new number makes it refuse
/// the snapshot instead. A pool without IPv6 state is still written as version 2, byte for byte as before, so IPv4
/// nodes stay downgradable (docs/journal-format.md §8.3–8.4).
/// </para>
/// </remarks>
public static class NodePoolSnapshot
{
    /// <summary>The snapshot format of a pool without IPv6 state: what every release since 0.2 reads.</summary>
    public const byte FormatVersion = 2;

    /// <summary>The snapshot format of a pool holding IPv6 state; the same body as <see cref="FormatVersion"/>, refused by builds before IPv6.</summary>
    public const byte Ipv6FormatVersion = 3;

    /// <summary>The newest snapshot format this build reads (and writes).</summary>
    public const byte NewestFormatVersion = Ipv6FormatVersion;

    /// <summary>The 0.1 snapshot format, still read.</summary>
    public const byte LegacyFormatVersion = 1;

    // A protobuf message has no end marker (a cut at a field boundary parses), so version 2 states the message length.
    private const int LengthBytes = 4;

    internal static ReadOnlySpan<byte> Magic => "ESNP"u8;

    /// <summary>The format <see cref="Encode"/> writes for <paramref name="pool"/>: 3 once it holds IPv6 state, else 2.</summary>
    public static byte FormatOf(NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.HoldsIpv6State ? Ipv6FormatVersion : FormatVersion;
    }

    /// <summary>Encodes the pool's whole state, deterministically.</summary>
    public static byte[] Encode(NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        PoolSnapshot message = pool.ToSnapshotMessage();
        int size = message.CalculateSize();
        byte[] bytes = new byte[Magic.Length + 1 + LengthBytes + size];
        Magic.CopyTo(bytes);
        bytes[Magic.Length] = FormatOf(pool);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(Magic.Length + 1), size);
        message.WriteTo(bytes.AsSpan(Magic.Length + 1 + LengthBytes));
        return bytes;
    }

    /// <summary>Decodes a snapshot of format 3, 2 or 0.1's 1; false with a message naming what is wrong for a foreign, newer or damaged one.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out NodePool? pool, [NotNullWhen(false)] out string? error)
    {
        pool = null;
        if (bytes.Length < Magic.Length + 1 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            error = "not an EsCni pool snapshot (magic 'ESNP' missing); delete it and the daemon will replay the journal from the start.";
            return false;
        }

        byte version = bytes[Magic.Length];
        ReadOnlySpan<byte> body = bytes[(Magic.Length + 1)..];
        string? problem = version switch
        {
            FormatVersion or Ipv6FormatVersion => TryDecodeCurrent(body, out pool),
            LegacyFormatVersion => TryDecodeLegacy(body, out pool),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"pool snapshot format version {version} is newer than this escni-ipamd ({Codec.EventCodec.Release}) reads (up to {NewestFormatVersion}); upgrade, or delete the snapshot to replay the journal"),
        };
        if (problem is not null)
        {
            pool = null;
            error = version is FormatVersion or Ipv6FormatVersion or LegacyFormatVersion
                ? $"pool snapshot (format version {version}) is damaged: {problem}; delete it and the daemon will replay the journal from the start."
                : problem;
            return false;
        }

        error = null;
        return pool is not null;
    }

    private static string? TryDecodeCurrent(ReadOnlySpan<byte> body, out NodePool? pool)
    {
        pool = null;
        if (body.Length < LengthBytes || BinaryPrimitives.ReadInt32LittleEndian(body) != body.Length - LengthBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the message length does not match the {body.Length} bytes after the version");
        }

        try
        {
            pool = NodePool.FromSnapshotMessage(PoolSnapshot.Parser.ParseFrom(body[LengthBytes..]));
            return null;
        }
        catch (InvalidProtocolBufferException ex)
        {
            return ex.Message;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? TryDecodeLegacy(ReadOnlySpan<byte> body, out NodePool? pool)
    {
        PayloadReader reader = new(body);
        pool = NodePool.ReadLegacyStateV1(ref reader);
        if (reader.Error is null && reader.Remaining != 0)
        {
            reader.Fail(string.Create(CultureInfo.InvariantCulture, $"{reader.Remaining} trailing bytes"));
        }

        return reader.Error;
    }
}
