using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;

namespace EsCni.Domain.Tests.Codec;

public class EventCodecTests
{
    [Fact]
    public void Decode_OfEncode_RoundTripsEveryEventType()
    {
        HashSet<ushort> seen = [];
        EventGenerators.Any.Sample(e =>
        {
            (ushort typeId, byte[] payload) = EventCodec.Encode(e);
            seen.Add(typeId);

            DecodeResult result = EventCodec.Decode(typeId, payload);

            Assert.True(result.IsOk, result.Error);
            Assert.Equal(e, result.Event);
            Assert.Equal(e.At.Offset, result.Event.At.Offset);
        }, iter: 3000, threads: 1);
        Assert.Equal(EventGenerators.TypeCount, seen.Count);
    }

    [Fact]
    public void Encode_SameEventTwice_GivesSameBytes()
    {
        EventGenerators.Any.Sample(e =>
        {
            (ushort typeId, byte[] payload) = EventCodec.Encode(e);
            DomainEvent copy = EventCodec.Decode(typeId, payload).Event!;

            Assert.Equal(payload, EventCodec.Encode(e).Payload);
            Assert.Equal(payload, EventCodec.Encode(copy).Payload);
        }, iter: 1000);
    }

    [Fact]
    public void Decode_EveryTruncation_NeverThrowsNorGivesTheEvent()
    {
        // Protobuf has no end marker: a cut at a field boundary parses as the event without its later fields. The
        // journal frame's length and CRC are what catch truncation; the codec only must not throw or invent the event.
        EventGenerators.Any.Sample(e =>
        {
            (ushort typeId, byte[] payload) = EventCodec.Encode(e);
            for (int length = 0; length < payload.Length; length++)
            {
                DecodeResult result = EventCodec.Decode(typeId, payload.AsSpan(0, length));
                Assert.True(result.IsOk ? !e.Equals(result.Event) : !string.IsNullOrEmpty(result.Error));
            }
        }, iter: 200);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        Gen.Select(Gen.UShort[0, 50], Gen.Byte.Array[0, 64]).Sample((typeId, bytes) =>
        {
            DecodeResult result = EventCodec.Decode(typeId, bytes);
            Assert.True(result.IsOk || result.Error is not null);
        }, iter: 5000);
    }

    [Fact]
    public void Decode_UnknownTypeId_ReportsUnknownType()
    {
        DecodeResult result = EventCodec.Decode(999, [1, 2, 3]);

        Assert.Equal(DecodeStatus.UnknownType, result.Status);
        Assert.Contains($"event type 999 v1 is newer than this escni-ipamd ({EventCodec.Release}) knows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownVersion_ReportsUnknownVersion()
    {
        (ushort typeId, byte[] payload) = EventCodec.Encode(new NodeStopped(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Operator), "x"));
        payload[0] = 7;

        DecodeResult result = EventCodec.Decode(typeId, payload);

        Assert.Equal(DecodeStatus.UnknownVersion, result.Status);
        Assert.Contains("event type 2 (NodeStopped) v7 is newer than this escni-ipamd (", result.Error, StringComparison.Ordinal);
        Assert.Contains("upgrade", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TrailingZeroByte_IsMalformed()
    {
        (ushort typeId, byte[] payload) = EventCodec.Encode(new NodeStopped(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Operator), "x"));

        DecodeResult result = EventCodec.Decode(typeId, payload.Append((byte)0).ToArray());

        Assert.Equal(DecodeStatus.Malformed, result.Status);
        Assert.Contains("event type 2 (NodeStopped) v2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_EveryType_WritesTheCurrentSchemaVersionFirst()
    {
        EventGenerators.Any.Sample(e =>
        {
            (ushort typeId, byte[] payload) = EventCodec.Encode(e);

            Assert.Equal(EventSchemas.CurrentVersion(typeId), EventCodec.VersionOf(payload));
            Assert.Equal(e.GetType().Name, EventSchemas.NameOf(typeId));
        }, iter: 500);
    }

    [Fact]
    public void EventTypeIds_AreUniqueAndCoverEveryEventType()
    {
        ushort[] ids = typeof(EventTypeIds).GetFields().Select(f => (ushort)f.GetValue(null)!).ToArray();
        Type[] eventTypes = typeof(DomainEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DomainEvent)) && !t.IsAbstract).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(eventTypes.Length, ids.Length);
    }
    [Fact]
    public void Decode_OfEncode_IpReleasedKeepsEveryReasonAndItsEvidence()
    {
        Gen.Select(Gen.Int[0, Enum.GetValues<ReleaseReason>().Length - 1], Gen.String, Gen.UInt).Sample((reason, evidence, ip) =>
        {
            ReleaseReason why = Enum.GetValues<ReleaseReason>()[reason];
            IpReleased e = new(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Reconciler), new Net.Ipv4Address(ip), new IpamKey("escni", "c", "eth0"), why)
            {
                Evidence = evidence,
            };
            (ushort typeId, byte[] payload) = EventCodec.Encode(e);

            DecodeResult result = EventCodec.Decode(typeId, payload);

            Assert.True(result.IsOk, result.Error);
            Assert.Equal(e, result.Event);
            Assert.Equal(evidence, ((IpReleased)result.Event).Evidence);
        }, iter: 300);
    }

    [Fact]
    public void Decode_IpReleasedWithAReasonThisBuildDoesNotDefine_IsMalformedNamingIt()
    {
        IpReleased e = new(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Reconciler), new Net.Ipv4Address(1), new IpamKey("escni", "c", "eth0"), (ReleaseReason)99);
        (ushort typeId, byte[] payload) = EventCodec.Encode(e);

        DecodeResult result = EventCodec.Decode(typeId, payload);

        Assert.Equal(DecodeStatus.Malformed, result.Status);
        Assert.Contains("release reason 99 is unknown", result.Error, StringComparison.Ordinal);
    }
}
