using System;
using CsCheck;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Testing.Legacy;

namespace EsCni.Domain.Tests.Pool;

public class NodePoolSnapshotTests
{
    internal static PoolScenario Busy()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 4);
        s.Allocate(1);
        s.Allocate(2);
        s.Release(1);
        s.Must(new QuarantineAllocation(s.Now, PoolScenario.Cni, s.Pool.GetAllocations()[0].Ip, "veth gone"));
        s.Must(new RecordEniCreateRequested(s.Now, PoolScenario.Cni, "token-9", "subnet-1"));
        s.Must(new RecordDrift(s.Now, PoolScenario.Cni, "eni-1", "attached", "missing in IMDS"));
        return s;
    }

    [Fact]
    public void FromSnapshot_OfToSnapshot_RestoresReadApi()
    {
        PoolScenario s = Busy();

        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        Assert.Equal(s.Pool.LastLsn, restored.LastLsn);
        Assert.Equal(s.Pool.Node, restored.Node);
        Assert.Equal(s.Pool.GetAllocations(), restored.GetAllocations());
        Assert.Equal(s.Pool.GetEnis(), restored.GetEnis());
        Assert.Equal(s.Pool.GetCoolingIps(s.Now), restored.GetCoolingIps(s.Now));
        Assert.Equal(s.Pool.GetPendingEniCreates(), restored.GetPendingEniCreates());
        Assert.Equal(s.Pool.GetOpenDrifts(), restored.GetOpenDrifts());
    }

    [Fact]
    public void FromSnapshot_Of01Snapshot_RestoresTheSameState()
    {
        PoolScenario s = Busy();
        byte[] legacy = LegacySnapshotWriterV1.Encode(s.Pool);
        Assert.Equal(NodePoolSnapshot.LegacyFormatVersion, legacy[4]);

        NodePool restored = NodePool.FromSnapshot(legacy);

        Assert.Equal(s.Pool.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal(s.Pool.GetAllocations(), restored.GetAllocations());
        Assert.Equal(s.Pool.GetCoolingIps(s.Now), restored.GetCoolingIps(s.Now));
        Assert.Equal(s.Pool.GetPendingEniCreates(), restored.GetPendingEniCreates());
    }

    [Fact]
    public void TryDecode_EveryTruncationOfA01Snapshot_FailsWithMessage()
    {
        byte[] snapshot = LegacySnapshotWriterV1.Encode(Busy().Pool);

        for (int length = 0; length < snapshot.Length; length++)
        {
            Assert.False(NodePoolSnapshot.TryDecode(snapshot.AsSpan(0, length), out _, out string? error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void ToSnapshot_WritesFormatVersion2()
    {
        Assert.Equal(2, Busy().Pool.ToSnapshot()[4]);
    }

    [Fact]
    public void TryDecode_EveryTruncation_FailsWithMessage()
    {
        byte[] snapshot = Busy().Pool.ToSnapshot();

        for (int length = 0; length < snapshot.Length; length++)
        {
            Assert.False(NodePoolSnapshot.TryDecode(snapshot.AsSpan(0, length), out _, out string? error));
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void TryDecode_FlippedBytes_NeverThrows()
    {
        byte[] snapshot = Busy().Pool.ToSnapshot();
        Gen.Select(Gen.Int[5, snapshot.Length - 1], Gen.Byte).Sample((offset, value) =>
        {
            byte[] damaged = (byte[])snapshot.Clone();
            damaged[offset] = value;
            bool ok = NodePoolSnapshot.TryDecode(damaged, out NodePool? pool, out string? error);
            Assert.True(ok ? pool is not null : error is not null);
        }, iter: 3000);
    }

    [Fact]
    public void TryDecode_NewerFormatVersion_SaysSo()
    {
        byte[] snapshot = Busy().Pool.ToSnapshot();
        snapshot[4] = 9;

        Assert.False(NodePoolSnapshot.TryDecode(snapshot, out _, out string? error));
        Assert.Contains("version 9 is newer than this escni-ipamd (0.2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSnapshot_NotASnapshot_ThrowsFormatExceptionWithAdvice()
    {
        FormatException error = Assert.Throws<FormatException>(() => NodePool.FromSnapshot("hello"u8));

        Assert.Contains("replay the journal", error.Message, StringComparison.Ordinal);
    }
}
