using System.Buffers.Binary;
using System.Text;

namespace EsCni.Domain.Codec.Legacy;

/// <summary>Reads the 0.1 positional layout (<see cref="PositionalCodecV1"/>, 0.1 snapshots) and the varint before every payload; bytes are input, so a short or bad payload sets <see cref="Error"/> instead of throwing.</summary>
/// <remarks>After the first failure every read returns a default value; callers check <see cref="Error"/> once at the end.</remarks>
internal ref struct PayloadReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public PayloadReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        Error = null;
    }

    public string? Error { get; private set; }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public void Fail(string message) => Error ??= message;

    public byte ReadByte()
    {
        if (!Has(1, "byte"))
        {
            return 0;
        }

        return _data[_position++];
    }

    public bool ReadBool()
    {
        byte value = ReadByte();
        if (value > 1)
        {
            Fail($"boolean at byte {_position - 1} is {value}, expected 0 or 1");
        }

        return value == 1;
    }

    public ulong ReadVarUInt()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (!Has(1, "varint"))
            {
                return 0;
            }

            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        Fail($"varint ending at byte {_position} is longer than 10 bytes");
        return 0;
    }

    public long ReadVarInt()
    {
        ulong raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadInt32Var(string what)
    {
        long value = ReadVarInt();
        if (value is < int.MinValue or > int.MaxValue)
        {
            Fail($"{what} {value} does not fit in 32 bits");
            return 0;
        }

        return (int)value;
    }

    public int ReadCount(string what, int elementSize)
    {
        ulong count = ReadVarUInt();
        if (count > (ulong)(Remaining / Math.Max(elementSize, 1)))
        {
            Fail($"{what} count {count} exceeds the {Remaining} bytes left at byte {_position}");
            return 0;
        }

        return (int)count;
    }

    public long ReadInt64() => TryTake(8, "int64", out ReadOnlySpan<byte> bytes) ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;

    public uint ReadUInt32() => TryTake(4, "uint32", out ReadOnlySpan<byte> bytes) ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;

    public Guid ReadGuid() => TryTake(16, "guid", out ReadOnlySpan<byte> bytes) ? new Guid(bytes, bigEndian: true) : Guid.Empty;

    public DateTimeOffset ReadTimestamp()
    {
        long ticks = ReadInt64();
        long minutes = ReadVarInt();
        if (Error is not null)
        {
            return default;
        }

        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || minutes is < -14 * 60 or > 14 * 60)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"timestamp ticks {ticks} offset {minutes} min is out of range"));
            return default;
        }

        TimeSpan offset = TimeSpan.FromMinutes(minutes);
        long local = ticks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"timestamp ticks {ticks} with offset {minutes} min is out of range"));
            return default;
        }

        return new DateTimeOffset(local, offset);
    }

    public TimeSpan ReadTimeSpan() => TimeSpan.FromTicks(ReadVarInt());

    public Ipv4Address ReadIp() => new(ReadUInt32());

    public string ReadString()
    {
        ulong length = ReadVarUInt();
        return ReadUtf8(length);
    }

    public void Skip(int count) => TryTake(count, "skipped field", out _);

    /// <summary>Steps over a nullable string without decoding it (the who-had probe only wants what follows).</summary>
    public void SkipNullableString()
    {
        ulong marker = ReadVarUInt();
        if (marker > (ulong)Remaining + 1)
        {
            Fail($"string of {marker - 1} bytes at byte {_position} runs past the end ({Remaining} bytes left)");
            return;
        }

        Skip(marker == 0 ? 0 : (int)(marker - 1));
    }

    public string? ReadNullableString()
    {
        ulong marker = ReadVarUInt();
        return marker == 0 ? null : ReadUtf8(marker - 1);
    }

    public ValueList<Ipv4Address> ReadIpList()
    {
        int count = ReadCount("IP list", 4);
        Ipv4Address[] ips = new Ipv4Address[count];
        for (int i = 0; i < count; i++)
        {
            ips[i] = ReadIp();
        }

        return ValueList<Ipv4Address>.FromArray(ips);
    }

    public ValueList<string> ReadStringList()
    {
        int count = ReadCount("string list", 1);
        List<string> values = new(count);
        for (int i = 0; i < count; i++)
        {
            values.Add(ReadString());
        }

        return new ValueList<string>(values);
    }

    public Cause ReadCause()
    {
        byte kind = ReadByte();
        if (kind > (byte)CauseKind.Startup)
        {
            Fail($"cause kind {kind} is unknown (known 0..{(byte)CauseKind.Startup})");
        }

        string? requestId = ReadNullableString();
        string? awsRequestId = ReadNullableString();
        string? clientToken = ReadNullableString();
        return requestId is null && awsRequestId is null && clientToken is null
            ? Cause.Of((CauseKind)kind)
            : new Cause((CauseKind)kind, requestId, awsRequestId, clientToken);
    }

    public IpamKey ReadKey() => new(ReadString(), ReadString(), ReadString());

    public Pod ReadPod() => new(ReadString(), ReadString(), ReadString());

    private string ReadUtf8(ulong length)
    {
        if (Error is not null)
        {
            return string.Empty;
        }

        if (length > (ulong)Remaining)
        {
            Fail($"string of {length} bytes at byte {_position} runs past the end ({Remaining} bytes left)");
            return string.Empty;
        }

        try
        {
            string value = s_strictUtf8.GetString(_data.Slice(_position, (int)length));
            _position += (int)length;
            return value;
        }
        catch (DecoderFallbackException)
        {
            Fail($"string at byte {_position} is not valid UTF-8");
            return string.Empty;
        }
    }

    // The fixed-size fields: the next count bytes, or false (and the error recorded) when they are not all there.
    private bool TryTake(int count, string what, out ReadOnlySpan<byte> bytes)
    {
        if (!Has(count, what))
        {
            bytes = default;
            return false;
        }

        bytes = _data.Slice(_position, count);
        _position += count;
        return true;
    }

    private bool Has(int count, string what)
    {
        if (Error is not null)
        {
            return false;
        }

        if (_data.Length - _position < count)
        {
            Fail($"payload truncated: needed {count} bytes for a {what} at byte {_position}, {_data.Length - _position} left");
            return false;
        }

        return true;
    }
}
