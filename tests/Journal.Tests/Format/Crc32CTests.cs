using System;
using System.Text;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Format;

/// <summary>The checksum is CRC-32C (Castagnoli), hardware path equal to a bitwise reference.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckString_MatchesCastagnoliCheckValue()
    {
        // The standard check value of CRC-32C ("123456789" → 0xE3069283); IEEE CRC-32 would give 0xCBF43926.
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_RandomData_MatchesBitwiseReference()
    {
        var rng = new Random(7);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            rng.NextBytes(data);
            Assert.Equal(Reference(data), Crc32C.Compute(data));
        }
    }

    private static uint Reference(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
