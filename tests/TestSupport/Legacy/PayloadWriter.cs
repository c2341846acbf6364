using System.Buffers.Binary;
using System.Text;
using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Testing.Legacy;

/// <summary>Writes the 0.1 positional layout (Domain's PositionalCodecV1 reads it): for <see cref="PositionalWriterV1"/> and <see cref="LegacySnapshotWriterV1"/>.</summary>
/// <remarks>
/// Integers are LEB128 varints (zigzag for signed) because most values are small (device indexes, counts);
/// timestamps are fixed 8-byte UTC ticks plus a varint offset so the same instant always encodes the same way.
/// </remarks>
internal sealed class PayloadWriter
{
    private byte[] _buffer;
    private int _length;

    public PayloadWriter(int capacity = 128)
    {
        _buffer = new byte[capacity];
    }

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteVarUInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteGuid(Guid value)
    {
        Ensure(16);
        value.TryWriteBytes(_buffer.AsSpan(_length, 16), bigEndian: true, out _);
        _length += 16;
    }

    public void WriteTimestamp(DateTimeOffset value)
    {
        WriteInt64(value.UtcTicks);
        WriteVarInt((long)value.Offset.TotalMinutes);
    }

    public void WriteTimeSpan(TimeSpan value) => WriteVarInt(value.Ticks);

    public void WriteIp(Ipv4Address value) => WriteUInt32(value.Value);

    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    // 0 means null, n + 1 a string of n bytes: one byte for the common "absent" case.
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt(0);
            return;
        }

        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)count + 1);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void WriteIpList(IReadOnlyList<Ipv4Address> ips)
    {
        WriteVarUInt((ulong)ips.Count);
        for (int i = 0; i < ips.Count; i++)
        {
            WriteIp(ips[i]);
        }
    }

    public void WriteStringList(IReadOnlyList<string> values)
    {
        WriteVarUInt((ulong)values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            WriteString(values[i]);
        }
    }

    public void WriteCause(Cause cause)
    {
        WriteByte((byte)cause.Kind);
        WriteNullableString(cause.RequestId);
        WriteNullableString(cause.AwsRequestId);
        WriteNullableString(cause.ClientToken);
    }

    public void WriteKey(IpamKey key)
    {
        WriteString(key.NetworkName);
        WriteString(key.ContainerId);
        WriteString(key.IfName);
    }

    public void WritePod(Pod pod)
    {
        WriteString(pod.Namespace);
        WriteString(pod.Name);
        WriteString(pod.Uid);
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
