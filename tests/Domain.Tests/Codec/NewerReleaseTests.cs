using System;
using System.Linq;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Domain.Tests.Pool;

namespace EsCni.Domain.Tests.Codec;

/// <summary>What a newer release wrote: fields this build does not know survive a round trip; unknown types and versions are named, never misread.</summary>
public class NewerReleaseTests
{
    // Field 99, varint 42: tag (99 << 3) | 0 = 792 = 0x98 0x06. A field no message of this release declares.
    private static readonly byte[] s_field99 = [0x98, 0x06, 42];

    private static readonly IpAllocated s_allocated = new(Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddDays(1), Cause.Of(CauseKind.CniRequest),
        new Ipv4Address(0x0A000311), "eni-1", new IpamKey("net", "c1", "eth0"), new Pod("ns", "p", "uid"), "/var/run/netns/x");

    [Fact]
    public void Encode_OfEventWithUnknownFields_WritesThemBack()
    {
        (ushort typeId, byte[] payload) = EventCodec.Encode(s_allocated);
        byte[] newer = [.. payload, .. s_field99];

        DecodeResult result = EventCodec.Decode(typeId, newer);

        Assert.True(result.IsOk, result.Error);
        IpAllocated decoded = Assert.IsType<IpAllocated>(result.Event);
        Assert.Equal(s_allocated.Key, decoded.Key);
        Assert.NotNull(decoded.Newer);
        Assert.Equal(newer, EventCodec.Encode(decoded).Payload);
    }

    [Fact]
    public void Encode_OfEventWithUnknownFieldInItsMeta_WritesItBack()
    {
        // [version][0x0A meta tag][meta length][meta ...][rest]: a newer release added field 99 to EventMeta.
        (ushort typeId, byte[] payload) = EventCodec.Encode(s_allocated);
        int metaLength = payload[2];
        Assert.True(metaLength + s_field99.Length < 0x80, "the test assumes a one-byte meta length");
        byte[] newer = [payload[0], payload[1], (byte)(metaLength + s_field99.Length), .. payload.AsSpan(3, metaLength), .. s_field99, .. payload.AsSpan(3 + metaLength)];

        DomainEvent decoded = EventCodec.Decode(typeId, newer).Event!;

        Assert.Equal(s_allocated.EventId, decoded.EventId);
        Assert.Equal(newer, EventCodec.Encode(decoded).Payload);
    }

    [Fact]
    public void Encode_OfChangedEventWithUnknownFields_KeepsThemAndTheChange()
    {
        (ushort typeId, byte[] payload) = EventCodec.Encode(new DriftDetected(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Reconciler), "eni:eni-1", "a", "b"));
        DriftDetected decoded = (DriftDetected)EventCodec.Decode(typeId, [.. payload, .. s_field99]).Event!;

        byte[] reencoded = EventCodec.Encode(decoded with { EvidenceSays = "c" }).Payload;

        Assert.EndsWith(Convert.ToHexString(s_field99), Convert.ToHexString(reencoded), StringComparison.Ordinal);
        Assert.Equal("c", ((DriftDetected)EventCodec.Decode(typeId, reencoded).Event!).EvidenceSays);
    }

    [Fact]
    public void Snapshot_OfOpenDriftWithUnknownFields_KeepsThem()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 2);
        s.Must(new RecordDrift(s.Now, PoolScenario.Cni, "eni:eni-1", "attached", "missing in IMDS"));
        DriftDetected drift = s.Pool.GetOpenDrifts().Single();
        (ushort typeId, byte[] payload) = EventCodec.Encode(drift);
        DriftDetected newer = (DriftDetected)EventCodec.Decode(typeId, [.. payload, .. s_field99]).Event!;
        NodePool pool = NodePool.FromSnapshot(s.Pool.ToSnapshot());
        pool.Apply(new RecordedEvent(pool.LastLsn + 1, newer));

        NodePool restored = NodePool.FromSnapshot(pool.ToSnapshot());

        Assert.Equal([.. payload, .. s_field99], EventCodec.Encode(restored.GetOpenDrifts().Single()).Payload);
    }

    [Fact]
    public void Decode_UnknownTypeFromNewerRelease_NamesTypeVersionAndRelease()
    {
        // 999: far from any id a branch may assign (37, used here before, became PoolPrefixesAdded).
        DecodeResult result = EventCodec.Decode(999, [1, 0x0A, 0]);

        Assert.Equal(DecodeStatus.UnknownType, result.Status);
        Assert.Equal($"event type 999 v1 is newer than this escni-ipamd ({EventCodec.Release}) knows; upgrade escni-ipamd (the daemon and the replay CLI) to read this journal", result.Error);
        Assert.StartsWith("0.2", EventCodec.Release, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SchemaVersionNoReleaseWrote_IsMalformed()
    {
        DecodeResult result = EventCodec.Decode(EventTypeIds.NodeStopped, [0, 1, 2]);

        Assert.Equal(DecodeStatus.Malformed, result.Status);
        Assert.Contains("schema version 0", result.Error, StringComparison.Ordinal);
    }
}
