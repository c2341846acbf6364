using System.Buffers.Binary;
using EsCni.Domain.Codec;
using EsCni.Domain.Net;

namespace EsCni.Projections.Replay;

/// <summary>Reads the IP of an IpAllocated, IpReleased or AllocationQuarantined payload without decoding the event.</summary>
/// <remarks>
/// who-had on a long journal must look at millions of pod events and keep a handful; decoding each one (strings,
/// records) costs far more than skipping to its IP. This follows the layout documented on <see cref="EventCodec"/>:
/// version byte, 16-byte id, 8-byte ticks + varint offset, cause (kind byte + three nullable strings, each a varint
/// length + 1, 0 for null), then the IP as 4 bytes little-endian. It only answers "is this the IP?" — the matching
/// records are still fully decoded — and PayloadProbeTests pin it to the codec so a layout change fails a test.
/// </remarks>
public static class PayloadProbe
{
    /// <summary>True for the event types whose first field after the cause is the IP.</summary>
    public static bool CarriesLeadingIp(ushort typeId) =>
        typeId is EventTypeIds.IpAllocated or EventTypeIds.IpReleased or EventTypeIds.AllocationQuarantined;

    /// <summary>Reads the leading IP; false when the payload is not in the layout this build knows (decode it instead).</summary>
    public static bool TryReadLeadingIp(ReadOnlySpan<byte> payload, out Ipv4Address ip)
    {
        ip = default;
        const int fixedPrefix = 1 + 16 + 8; // version, event id, UTC ticks
        if (payload.Length < fixedPrefix || payload[0] != EventCodec.CurrentVersion)
        {
            return false;
        }

        int position = fixedPrefix;
        if (!TrySkipVarint(payload, ref position) || position >= payload.Length)
        {
            return false;
        }

        position++; // cause kind
        for (int i = 0; i < 3; i++)
        {
            if (!TryReadVarint(payload, ref position, out ulong lengthPlusOne) || lengthPlusOne > (ulong)(payload.Length - position + 1))
            {
                return false;
            }

            position += lengthPlusOne == 0 ? 0 : (int)(lengthPlusOne - 1);
        }

        if (payload.Length - position < 4)
        {
            return false;
        }

        ip = new Ipv4Address(BinaryPrimitives.ReadUInt32LittleEndian(payload[position..]));
        return true;
    }

    private static bool TrySkipVarint(ReadOnlySpan<byte> data, ref int position) => TryReadVarint(data, ref position, out _);

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
