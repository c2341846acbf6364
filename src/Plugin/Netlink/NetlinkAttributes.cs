using System.Buffers.Binary;
using System.Text;
using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Walks the attributes of a received message without allocating.</summary>
internal ref struct NetlinkAttributes
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkAttributes(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        Type = 0;
        Payload = default;
    }

    /// <summary>The current attribute's type with the NLA_F_NESTED / byte-order bits cleared.</summary>
    public ushort Type { get; private set; }

    public ReadOnlySpan<byte> Payload { get; private set; }

    public bool MoveNext()
    {
        if (_remaining.Length < netlink.NLA_HDRLEN)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        if (length < netlink.NLA_HDRLEN || length > _remaining.Length)
        {
            // A malformed attribute ends the walk rather than reading past the message.
            _remaining = default;
            return false;
        }

        Type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]) & 0x3fff);
        Payload = _remaining[netlink.NLA_HDRLEN..length];
        int next = Math.Min(netlink.NLA_ALIGN(length), _remaining.Length);
        _remaining = _remaining[next..];
        return true;
    }

    public static uint ReadU32(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt32LittleEndian(payload);

    public static IPAddress ReadAddress(ReadOnlySpan<byte> payload) => new(payload);

    public static string ReadString(ReadOnlySpan<byte> payload)
    {
        int end = payload.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? payload : payload[..end]);
    }
}
