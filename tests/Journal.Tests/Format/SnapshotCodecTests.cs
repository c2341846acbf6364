using System;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Format;

/// <summary>Snapshot files reject every bit flip and truncation.</summary>
public sealed class SnapshotCodecTests
{
    [Fact]
    public void TryDecode_EverySingleBitFlipAndTruncation_IsDetected()
    {
        byte[] blob = new byte[40];
        new Random(3).NextBytes(blob);
        byte[] file = SnapshotCodec.Encode(Guid.NewGuid(), 500, 1, blob);
        Assert.True(SnapshotCodec.TryDecode(file, out _, out long lsn, out _, out _));
        Assert.Equal(500, lsn);

        for (int bit = 0; bit < file.Length * 8; bit++)
        {
            byte[] damaged = (byte[])file.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SnapshotCodec.TryDecode(damaged, out _, out _, out _, out _), $"flipping snapshot bit {bit} went unnoticed");
        }

        for (int length = 0; length < file.Length; length++)
        {
            Assert.False(SnapshotCodec.TryDecode(file.AsSpan(0, length), out _, out _, out _, out _), $"a snapshot cut to {length} bytes went unnoticed");
        }
    }
}
