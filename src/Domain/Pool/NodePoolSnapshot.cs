using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using EsCni.Domain.Codec;

namespace EsCni.Domain.Pool;

/// <summary>Encodes a <see cref="NodePool"/> to bytes and back, so the daemon loads a snapshot and replays only the tail.</summary>
/// <remarks>
/// Layout: magic "ESNP", format version byte, then the state in a fixed order with every collection sorted, so the
/// same state always gives the same bytes (tests compare a rebuilt pool with a live one by comparing snapshots).
/// The journal stores the bytes and their LSN (<see cref="NodePool.LastLsn"/>, also inside); it adds the CRC.
/// </remarks>
public static class NodePoolSnapshot
{
    /// <summary>The snapshot format this build writes and reads.</summary>
    public const byte FormatVersion = 1;

    internal static ReadOnlySpan<byte> Magic => "ESNP"u8;

    /// <summary>Encodes the pool's whole state, deterministically.</summary>
    public static byte[] Encode(NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        PayloadWriter writer = new(1024);
        foreach (byte b in Magic)
        {
            writer.WriteByte(b);
        }

        writer.WriteByte(FormatVersion);
        pool.WriteState(writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a snapshot; false with a message naming what is wrong for a foreign, newer or damaged one.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out NodePool? pool, [NotNullWhen(false)] out string? error)
    {
        pool = null;
        if (bytes.Length < Magic.Length + 1 || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            error = "not an EsCni pool snapshot (magic 'ESNP' missing); delete it and the daemon will replay the journal from the start.";
            return false;
        }

        byte version = bytes[Magic.Length];
        if (version != FormatVersion)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"pool snapshot format version {version} is not readable by this build (reads {FormatVersion}); delete the snapshot to replay the journal, or upgrade.");
            return false;
        }

        PayloadReader reader = new(bytes[(Magic.Length + 1)..]);
        NodePool decoded = NodePool.ReadState(ref reader);
        if (reader.Error is null && reader.Remaining != 0)
        {
            reader.Fail(string.Create(CultureInfo.InvariantCulture, $"{reader.Remaining} trailing bytes"));
        }

        if (reader.Error is not null)
        {
            error = $"pool snapshot is damaged: {reader.Error}; delete it and the daemon will replay the journal from the start.";
            return false;
        }

        pool = decoded;
        error = null;
        return true;
    }
}
