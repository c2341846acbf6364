using System.Text;

namespace EsCni.Plugin.Daemon;

/// <summary>
/// Decodes the HPACK header blocks (RFC 7541) of escni-ipamd's responses for <see cref="UnaryGrpcCall"/>: static
/// and dynamic table, integers, literals. One decoder per connection (the dynamic table is the connection's).
/// </summary>
/// <remarks>
/// Huffman-coded strings are refused with a clear error instead of being decoded: Kestrel (the daemon's server)
/// writes every literal raw, and the plugin talks to nothing else.
/// </remarks>
internal sealed class HpackDecoder
{
    // RFC 7541 Appendix A; index 0 is unused.
    private static readonly (string Name, string Value)[] s_static =
    [
        ("", ""), (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"), (":path", "/index.html"),
        (":scheme", "http"), (":scheme", "https"), (":status", "200"), (":status", "204"), (":status", "206"),
        (":status", "304"), (":status", "400"), (":status", "404"), (":status", "500"), ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"), ("accept-language", ""), ("accept-ranges", ""), ("accept", ""),
        ("access-control-allow-origin", ""), ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
        ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
        ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""), ("date", ""), ("etag", ""),
        ("expect", ""), ("expires", ""), ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
        ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""), ("link", ""),
        ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""), ("proxy-authorization", ""), ("range", ""),
        ("referer", ""), ("refresh", ""), ("retry-after", ""), ("server", ""), ("set-cookie", ""),
        ("strict-transport-security", ""), ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
        ("www-authenticate", ""),
    ];

    private readonly List<(string Name, string Value)> _dynamic = []; // newest first
    private int _dynamicSize;
    private int _maxSize = 4096; // SETTINGS_HEADER_TABLE_SIZE's default, which the plugin never changes

    public List<(string Name, string Value)> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new List<(string, string)>();
        int position = 0;
        while (position < block.Length)
        {
            byte first = block[position];
            if ((first & 0x80) != 0)
            {
                headers.Add(Entry(ReadInteger(block, ref position, 7)));
            }
            else if ((first & 0xC0) == 0x40)
            {
                (string, string) header = ReadLiteral(block, ref position, 6);
                headers.Add(header);
                Insert(header);
            }
            else if ((first & 0xE0) == 0x20)
            {
                _maxSize = ReadInteger(block, ref position, 5);
                Evict(0);
            }
            else
            {
                headers.Add(ReadLiteral(block, ref position, 4)); // without indexing / never indexed
            }
        }

        return headers;
    }

    private (string, string) ReadLiteral(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        int index = ReadInteger(block, ref position, prefix);
        string name = index == 0 ? ReadString(block, ref position) : Entry(index).Name;
        return (name, ReadString(block, ref position));
    }

    private (string Name, string Value) Entry(int index)
    {
        if (index > 0 && index < s_static.Length)
        {
            return s_static[index];
        }

        int dynamic = index - s_static.Length;
        return dynamic >= 0 && dynamic < _dynamic.Count
            ? _dynamic[dynamic]
            : throw new InvalidDataException($"HPACK index {index} is not in the table");
    }

    private void Insert((string Name, string Value) header)
    {
        int size = header.Name.Length + header.Value.Length + 32; // RFC 7541 §4.1
        Evict(size);
        if (size <= _maxSize)
        {
            _dynamic.Insert(0, header);
            _dynamicSize += size;
        }
    }

    private void Evict(int room)
    {
        while (_dynamic.Count > 0 && _dynamicSize + room > _maxSize)
        {
            (string name, string value) = _dynamic[^1];
            _dynamicSize -= name.Length + value.Length + 32;
            _dynamic.RemoveAt(_dynamic.Count - 1);
        }
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new InvalidDataException("HPACK string literal cut short");
        }

        if ((block[position] & 0x80) != 0)
        {
            throw new InvalidDataException("escni-ipamd sent a Huffman-coded header, which the plugin's gRPC client does not decode");
        }

        int length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new InvalidDataException("HPACK string literal longer than its header block");
        }

        string text = Encoding.Latin1.GetString(block.Slice(position, length));
        position += length;
        return text;
    }

    // RFC 7541 §5.1: an N-bit prefix, then 7 bits per byte while the top bit is set.
    private static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefix)
    {
        int mask = (1 << prefix) - 1;
        int value = block[position++] & mask;
        if (value < mask)
        {
            return value;
        }

        for (int shift = 0; shift < 28; shift += 7)
        {
            if (position >= block.Length)
            {
                break;
            }

            byte next = block[position++];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("HPACK integer cut short or too large");
    }
}
