using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Writes one netlink request: header, family header, attributes (nested ones back-patched).</summary>
/// <remarks>
/// Layout rules follow vishvananda/netlink's nl_linux.go: every attribute starts 4-byte aligned, and
/// nla_len counts header + payload but not the padding after it. Nested attributes are written with a
/// zero length first and patched by <see cref="EndNested"/> once their children are known.
/// </remarks>
internal sealed class NetlinkMessageBuilder
{
    private readonly byte[] _buffer;
    private int _length;

    public NetlinkMessageBuilder(ushort type, ushort flags, int capacity = 512)
    {
        _buffer = new byte[capacity];
        nlmsghdr header = new()
        {
            nlmsg_type = type,
            nlmsg_flags = (ushort)(flags | netlink.NLM_F_REQUEST),
        };
        MemoryMarshal.Write(_buffer, in header);
        _length = netlink.NLMSG_HDRLEN;
    }

    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));

    public ushort Flags => BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(6));

    /// <summary>Appends the family header (ifinfomsg, rtmsg, ...) right after nlmsghdr.</summary>
    public NetlinkMessageBuilder Header<T>(in T familyHeader)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(Reserve(size), in familyHeader);
        return this;
    }

    public NetlinkMessageBuilder Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        Span<byte> target = Reserve(netlink.NLA_HDRLEN + payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)(netlink.NLA_HDRLEN + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], type);
        payload.CopyTo(target[netlink.NLA_HDRLEN..]);
        return this;
    }

    public NetlinkMessageBuilder AttributeU32(ushort type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, value);
        return Attribute(type, payload);
    }

    /// <summary>A NUL-terminated string, as IFLA_IFNAME wants it.</summary>
    public NetlinkMessageBuilder AttributeString(ushort type, string value)
    {
        Span<byte> payload = stackalloc byte[Encoding.ASCII.GetByteCount(value) + 1];
        Encoding.ASCII.GetBytes(value, payload);
        payload[^1] = 0;
        return Attribute(type, payload);
    }

    /// <summary>A string without terminator, as IFLA_INFO_KIND is conventionally sent.</summary>
    public NetlinkMessageBuilder AttributeBareString(ushort type, string value)
    {
        Span<byte> payload = stackalloc byte[Encoding.ASCII.GetByteCount(value)];
        Encoding.ASCII.GetBytes(value, payload);
        return Attribute(type, payload);
    }

    public NetlinkMessageBuilder AttributeAddress(ushort type, IPAddress address)
    {
        Span<byte> payload = stackalloc byte[16];
        if (!address.TryWriteBytes(payload, out int written))
        {
            throw new ArgumentException($"address {address} does not fit 16 bytes", nameof(address));
        }

        return Attribute(type, payload[..written]);
    }

    /// <summary>Opens a nested attribute; returns the offset <see cref="EndNested"/> patches.</summary>
    public int BeginNested(ushort type)
    {
        int start = netlink.NLA_ALIGN(_length);
        Span<byte> target = Reserve(netlink.NLA_HDRLEN);
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], type);
        return start;
    }

    public NetlinkMessageBuilder EndNested(int start)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));
        return this;
    }

    /// <summary>Stamps length and sequence number and returns the finished message.</summary>
    public ReadOnlySpan<byte> Finish(uint sequence)
    {
        // The trailing pad is part of the message, as iproute2 and vishvananda send it.
        _length = netlink.NLMSG_ALIGN(_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), sequence);
        return _buffer.AsSpan(0, _length);
    }

    // Pads the current end to 4 bytes (zeroed, the buffer is fresh) and hands out `size` bytes.
    private Span<byte> Reserve(int size)
    {
        int start = netlink.NLA_ALIGN(_length);
        if (start + size > _buffer.Length)
        {
            throw new InvalidOperationException(
                $"netlink request of type {Type} outgrew its {_buffer.Length}-byte buffer; raise the capacity");
        }

        _length = start + size;
        return _buffer.AsSpan(start, size);
    }
}
