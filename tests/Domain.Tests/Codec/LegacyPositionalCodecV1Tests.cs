using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Events;
using EsCni.Testing.Legacy;

namespace EsCni.Domain.Tests.Codec;

/// <summary>Payloads in the 0.1 layout still decode, as today's events (the first upcast), and damage is still reported.</summary>
public class LegacyPositionalCodecV1Tests
{
    [Fact]
    public void Decode_LegacyPayloadOfEveryType_GivesTheSameEvent()
    {
        HashSet<ushort> seen = [];
        EventGenerators.Any01.Sample(e =>
        {
            (ushort typeId, byte[] legacy) = PositionalWriterV1.Encode(e);
            seen.Add(typeId);

            DecodeResult result = EventCodec.Decode(typeId, legacy);

            Assert.True(result.IsOk, result.Error);
            Assert.Equal(e, result.Event);
            Assert.Equal(1, EventCodec.VersionOf(legacy));
        }, iter: 3000, threads: 1);
        Assert.Equal(EventGenerators.TypeCount01, seen.Count);
    }

    [Fact]
    public void Encode_OfUpcastLegacyEvent_EqualsTheCurrentEncoding()
    {
        EventGenerators.Any01.Sample(e =>
        {
            (ushort typeId, byte[] legacy) = PositionalWriterV1.Encode(e);

            DomainEvent upcast = EventCodec.Decode(typeId, legacy).Event!;

            Assert.Equal(EventCodec.Encode(e).Payload, EventCodec.Encode(upcast).Payload);
        }, iter: 500);
    }

    [Fact]
    public void Decode_EveryTruncationOfALegacyPayload_IsMalformed()
    {
        EventGenerators.Any01.Sample(e =>
        {
            (ushort typeId, byte[] payload) = PositionalWriterV1.Encode(e);
            for (int length = 0; length < payload.Length; length++)
            {
                DecodeResult result = EventCodec.Decode(typeId, payload.AsSpan(0, length));
                Assert.Equal(DecodeStatus.Malformed, result.Status);
                Assert.False(string.IsNullOrEmpty(result.Error));
            }
        }, iter: 200);
    }

    [Fact]
    public void Decode_LegacyPayloadWithTrailingBytes_IsMalformed()
    {
        (ushort typeId, byte[] payload) = PositionalWriterV1.Encode(new NodeStopped(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.Operator), "x"));

        DecodeResult result = EventCodec.Decode(typeId, payload.Append((byte)0).ToArray());

        Assert.Equal(DecodeStatus.Malformed, result.Status);
        Assert.Contains("trailing", result.Error, StringComparison.Ordinal);
        Assert.Contains("0.1 layout", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LegacyBytesWrittenBy01_StillDecode()
    {
        // A NodeStopped exactly as EsCni 0.1 (commit 5701305) wrote it: version 1, id, ticks, offset 0, cause Operator, "x".
        byte[] written = Convert.FromHexString("01" + "00112233445566778899AABBCCDDEEFF" + "0080C1E1C3E2B208" + "00" + "03000000" + "0178");

        DecodeResult result = EventCodec.Decode(EventTypeIds.NodeStopped, written);

        Assert.True(result.IsOk, result.Error);
        NodeStopped stopped = Assert.IsType<NodeStopped>(result.Event);
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), stopped.EventId);
        Assert.Equal(CauseKind.Operator, stopped.Cause.Kind);
        Assert.Equal("x", stopped.Reason);
    }
}
