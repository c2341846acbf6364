using System.Buffers.Binary;
using System.Numerics;

namespace EsCni.Plugin.Wiring;

/// <summary>SHA-1 (FIPS 180-4) for naming host veths only — not for anything security-related.</summary>
/// <remarks>
/// System.Security.Cryptography.SHA1 on Linux loads libssl and libcrypto and reads openssl.cnf, which
/// costs several milliseconds of a ~10 ms ADD for hashing 20 bytes. The VPC CNI's name formula needs
/// SHA-1, so this small implementation keeps OpenSSL out of the process; a test checks it against .NET's.
/// </remarks>
internal static class Sha1
{
    public const int HashSize = 20;

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;

        // Message + 0x80 + zero padding + 64-bit big-endian bit length, in 64-byte blocks.
        int paddedLength = ((data.Length + 8) / 64 + 1) * 64;
        byte[] message = new byte[paddedLength];
        data.CopyTo(message);
        message[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(paddedLength - 8), (ulong)data.Length * 8);

        Span<uint> w = stackalloc uint[80];
        for (int block = 0; block < paddedLength; block += 64)
        {
            for (int i = 0; i < 16; i++)
            {
                w[i] = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(block + i * 4));
            }

            for (int i = 16; i < 80; i++)
            {
                w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (int i = 0; i < 80; i++)
            {
                (uint f, uint k) = i switch
                {
                    < 20 => ((b & c) | (~b & d), 0x5A827999u),
                    < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                    < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                    _ => (b ^ c ^ d, 0xCA62C1D6u),
                };
                uint temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = temp;
            }

            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, h0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], h1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], h2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], h3);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], h4);
    }
}
