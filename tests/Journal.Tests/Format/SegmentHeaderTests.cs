using System;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Format;

/// <summary>The segment header round-trips and rejects every bit flip and truncation.</summary>
public sealed class SegmentHeaderTests
{
    private static readonly SegmentHeader s_sample = new(0xBEEF_0001, Guid.NewGuid(), 84213, 1_700_000_000_000_000, 1 << 20);

    [Fact]
    public void Encode_ThenDecode_RoundTrips()
    {
        byte[] bytes = new byte[SegmentHeader.Bytes];
        s_sample.Encode(bytes);

        Assert.True(SegmentHeader.TryDecode(bytes, out SegmentHeader decoded, out string reason), reason);
        Assert.Equal(s_sample, decoded);
    }

    [Fact]
    public void TryDecode_EverySingleBitFlip_IsDetected()
    {
        byte[] bytes = new byte[SegmentHeader.Bytes];
        s_sample.Encode(bytes);

        for (int bit = 0; bit < SegmentHeader.Bytes * 8; bit++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SegmentHeader.TryDecode(damaged, out _, out _), $"flipping header bit {bit} went unnoticed");
        }
    }

    [Fact]
    public void TryDecode_EveryTruncation_IsDetected()
    {
        byte[] bytes = new byte[SegmentHeader.Bytes];
        s_sample.Encode(bytes);

        for (int length = 0; length < SegmentHeader.Bytes; length++)
        {
            Assert.False(SegmentHeader.TryDecode(bytes.AsSpan(0, length), out _, out string reason), $"a header cut to {length} bytes went unnoticed");
            Assert.NotEmpty(reason);
        }
    }
}
