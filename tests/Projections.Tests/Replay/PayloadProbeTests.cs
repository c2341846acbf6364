using System;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Projections.Replay;
using EsCni.Testing.Legacy;
using static EsCni.Projections.Tests.Support.EventFactory;

namespace EsCni.Projections.Tests.Replay;

public sealed class PayloadProbeTests
{
    public static TheoryData<DomainEvent> IpEvents()
    {
        Cause rich = new(CauseKind.CniRequest, new string('r', 300), "aws-é-ü", "token");
        return new TheoryData<DomainEvent>
        {
            Allocated(1, "10.0.3.17", 1),
            new IpAllocated(Guid.NewGuid(), At(1).ToOffset(TimeSpan.FromHours(9)), rich, Ip("255.1.2.3"), "eni-a", Key(2), Pod(2), "/ns"),
            new IpReleased(Guid.NewGuid(), At(2), Cause.Of(CauseKind.Reconciler), Ip("10.0.3.18"), Key(3), ReleaseReason.Reconcile),
            new AllocationQuarantined(Guid.NewGuid(), At(3), rich, Ip("0.0.0.1"), Key(4), "evidence"),
        };
    }

    [Theory]
    [MemberData(nameof(IpEvents))]
    public void TryReadLeadingIp_EncodedEvent_AgreesWithTheCodec(DomainEvent domainEvent)
    {
        (ushort type, byte[] payload) = EventCodec.Encode(domainEvent);
        Ipv4Address expected = EventCodec.Decode(type, payload).Event switch
        {
            IpAllocated a => a.Ip,
            IpReleased r => r.Ip,
            AllocationQuarantined q => q.Ip,
            _ => throw new InvalidOperationException("not an IP event"),
        };

        Assert.True(PayloadProbe.CarriesLeadingIp(type));
        Assert.True(PayloadProbe.TryReadLeadingIp(payload, out Ipv4Address probed));
        Assert.Equal(expected, probed);
    }

    [Theory]
    [MemberData(nameof(IpEvents))]
    public void TryReadLeadingIp_01Payload_AgreesWithTheCodec(DomainEvent domainEvent)
    {
        (ushort type, byte[] payload) = PositionalWriterV1.Encode(domainEvent);
        Ipv4Address expected = EventCodec.Decode(type, payload).Event switch
        {
            IpAllocated a => a.Ip,
            IpReleased r => r.Ip,
            AllocationQuarantined q => q.Ip,
            _ => throw new InvalidOperationException("not an IP event"),
        };

        Assert.True(PayloadProbe.TryReadLeadingIp(payload, out Ipv4Address probed));
        Assert.Equal(expected, probed);
    }

    [Fact]
    public void TryReadLeadingIp_TruncatedOrForeignPayload_ReturnsFalse()
    {
        (_, byte[] payload) = EventCodec.Encode(Allocated(1, "10.0.3.17", 1));
        int ipStart = 3 + payload[2] + 1; // version, meta tag, meta length (one byte here), meta, ip tag

        Assert.False(PayloadProbe.TryReadLeadingIp(payload.AsSpan(0, 30), out _));
        Assert.False(PayloadProbe.TryReadLeadingIp(payload.AsSpan(0, ipStart + 3), out _));
        byte[] newer = (byte[])payload.Clone();
        newer[0] = (byte)(EventSchemas.CurrentVersion(EventTypeIds.IpAllocated) + 1);
        Assert.False(PayloadProbe.TryReadLeadingIp(newer, out _));
        Assert.False(PayloadProbe.CarriesLeadingIp(EventTypeIds.PoolIpsAdded));
    }
}
