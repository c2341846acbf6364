using System;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Format;

/// <summary>Frames round-trip and every single-bit flip and truncation is detected.</summary>
public sealed class FrameCodecTests
{
    private const uint Salt = 0xA5A5_1234;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(120)]
    [InlineData(4096)]
    public void Encode_ThenDecode_RoundTrips(int payloadBytes)
    {
        byte[] payload = new byte[payloadBytes];
        new Random(payloadBytes).NextBytes(payload);
        var header = new FrameHeader(42, Salt, 7, FrameFlags.Commit, 1234567, Guid.NewGuid(), payloadBytes);
        byte[] buffer = new byte[FrameCodec.FrameBytes(payloadBytes)];

        int written = FrameCodec.Encode(buffer, header, payload);

        Assert.Equal(buffer.Length, written);
        Assert.Equal(0, written % FrameCodec.Alignment);
        Assert.Equal(FrameStatus.Valid, FrameCodec.TryDecode(buffer, Salt, out FrameHeader decoded));
        Assert.Equal(header, decoded);
        Assert.True(buffer.AsSpan(FrameCodec.HeaderBytes, payloadBytes).SequenceEqual(payload));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(120)]
    public void TryDecode_EverySingleBitFlip_IsDetected(int payloadBytes)
    {
        byte[] frame = EncodeSample(payloadBytes);
        int covered = FrameCodec.HeaderBytes + payloadBytes; // padding is not part of the frame's meaning

        for (int bit = 0; bit < covered * 8; bit++)
        {
            byte[] damaged = (byte[])frame.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            FrameStatus status = FrameCodec.TryDecode(damaged, Salt, out _);
            Assert.True(status != FrameStatus.Valid, $"flipping bit {bit} went unnoticed");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(120)]
    public void TryDecode_EveryTruncation_IsDetected(int payloadBytes)
    {
        byte[] frame = EncodeSample(payloadBytes);

        for (int length = 0; length < FrameCodec.HeaderBytes + payloadBytes; length++)
        {
            FrameStatus status = FrameCodec.TryDecode(frame.AsSpan(0, length), Salt, out _);
            Assert.True(status != FrameStatus.Valid, $"a frame cut to {length} bytes went unnoticed");
        }
    }

    [Fact]
    public void TryDecode_OtherSegmentsSalt_IsInvalid()
    {
        byte[] frame = EncodeSample(10);

        Assert.Equal(FrameStatus.Invalid, FrameCodec.TryDecode(frame, Salt + 1, out _));
    }

    [Fact]
    public void TryDecode_ZeroFilledSpace_IsEndOfData()
    {
        Assert.Equal(FrameStatus.Zero, FrameCodec.TryDecode(new byte[256], Salt, out _));
    }

    [Fact]
    public void AddFlags_OnEncodedFrame_StaysValidWithNewFlags()
    {
        byte[] frame = EncodeSample(20);

        FrameCodec.AddFlags(frame, FrameFlags.SyncEnd);

        Assert.Equal(FrameStatus.Valid, FrameCodec.TryDecode(frame, Salt, out FrameHeader header));
        Assert.Equal(FrameFlags.Commit | FrameFlags.SyncEnd, header.Flags);
    }

    private static byte[] EncodeSample(int payloadBytes)
    {
        byte[] payload = new byte[payloadBytes];
        new Random(payloadBytes + 1).NextBytes(payload);
        byte[] frame = new byte[FrameCodec.FrameBytes(payloadBytes)];
        FrameCodec.Encode(frame, new FrameHeader(9, Salt, 3, FrameFlags.Commit, 99, Guid.NewGuid(), payloadBytes), payload);
        return frame;
    }
}
