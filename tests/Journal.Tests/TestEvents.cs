using System;
using System.Collections.Generic;
using System.Linq;

namespace EsCni.Journal.Tests;

/// <summary>Deterministic test events whose payload is derived from their id, so any record can be checked on its own.</summary>
internal static class TestEvents
{
    public static Guid Id(int stream, long seq)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, stream);
        BitConverter.TryWriteBytes(bytes[4..], seq);
        BitConverter.TryWriteBytes(bytes[12..], 0x5EED);
        return new Guid(bytes);
    }

    public static byte[] PayloadFor(Guid id, int maxLength = 150)
    {
        byte[] idBytes = id.ToByteArray();
        int length = (int)((uint)id.GetHashCode() % (uint)(maxLength + 1));
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(idBytes[i % 16] ^ i);
        }

        return payload;
    }

    public static JournalEntry Entry(Guid id, int maxLength = 150)
        => new(id, (ushort)(id.GetHashCode() & 0x7FFF), 1_700_000_000_000_000 + id.GetHashCode(), PayloadFor(id, maxLength));

    public static List<JournalEntry> Batch(int stream, long firstSeq, int count, int maxLength = 150)
        => Enumerable.Range(0, count).Select(i => Entry(Id(stream, firstSeq + i), maxLength)).ToList();

    /// <summary>True when the record is exactly what <see cref="Entry"/> produced for its id.</summary>
    public static bool IsIntact(JournalRecord record, int maxLength = 150)
    {
        JournalEntry expected = Entry(record.EventId, maxLength);
        return record.Type == expected.Type && record.TimestampMicros == expected.TimestampMicros
            && record.Payload.Span.SequenceEqual(expected.Payload.Span);
    }
}
