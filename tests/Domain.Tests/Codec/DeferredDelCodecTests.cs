using System;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Codec;

/// <summary>IpReleased with reason DeferredDel (issue #15): the plugin's request id survives the journal; an unknown reason does not pass as valid.</summary>
public class DeferredDelCodecTests
{
    private static readonly IpamKey s_key = new("escni", "c-deferred", "eth0");

    [Fact]
    public void Decode_OfEncode_DeferredDelKeepsReasonAndPluginRequestId()
    {
        var released = new IpReleased(Guid.NewGuid(), DateTimeOffset.UnixEpoch, new Cause(CauseKind.CniRequest, "req-plugin"), Ipv4Address.Parse("10.0.1.7"), s_key,
            ReleaseReason.DeferredDel, "req-plugin");

        (ushort typeId, byte[] payload) = EventCodec.Encode(released);
        DecodeResult result = EventCodec.Decode(typeId, payload);

        Assert.True(result.IsOk, result.Error);
        IpReleased decoded = Assert.IsType<IpReleased>(result.Event);
        Assert.Equal(ReleaseReason.DeferredDel, decoded.Reason);
        Assert.Equal("req-plugin", decoded.RequestId);
        Assert.Equal(released, decoded);
    }

    [Fact]
    public void Decode_OfEncode_OtherReleasesHaveNoRequestId()
    {
        var released = new IpReleased(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.CniRequest), Ipv4Address.Parse("10.0.1.8"), s_key, ReleaseReason.CniDel);

        (ushort typeId, byte[] payload) = EventCodec.Encode(released);

        Assert.Null(Assert.IsType<IpReleased>(EventCodec.Decode(typeId, payload).Event).RequestId);
    }

    [Fact]
    public void Decode_ReleaseReasonThisBuildDoesNotKnow_IsMalformed()
    {
        var released = new IpReleased(Guid.NewGuid(), DateTimeOffset.UnixEpoch, Cause.Of(CauseKind.CniRequest), Ipv4Address.Parse("10.0.1.9"), s_key, (ReleaseReason)200);

        (ushort typeId, byte[] payload) = EventCodec.Encode(released);
        DecodeResult result = EventCodec.Decode(typeId, payload);

        Assert.False(result.IsOk);
        Assert.Contains("release reason 200 is unknown", result.Error, StringComparison.Ordinal);
    }
}
