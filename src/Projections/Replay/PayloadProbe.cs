using EsCni.Domain.Codec;
using EsCni.Domain.Net;

namespace EsCni.Projections.Replay;

/// <summary>Reads the IP of an IpAllocated, IpReleased or AllocationQuarantined payload without decoding the event.</summary>
/// <remarks>
/// who-had on a long journal must look at millions of pod events and keep a handful; decoding each one (strings,
/// records) costs far more than skipping to its IP. The layouts (0.1 positional and protobuf) are the codec's to know:
/// this delegates to <see cref="EventCodec.TryReadLeadingIp"/>, so there is one definition of where the IP sits. It only
/// answers "is this the IP?" — the matching records are still fully decoded.
/// </remarks>
public static class PayloadProbe
{
    /// <summary>True for the event types whose IP the probe can read.</summary>
    public static bool CarriesLeadingIp(ushort typeId) => EventCodec.CarriesLeadingIp(typeId);

    /// <summary>Reads the IP; false when the payload is not in a layout the codec can probe (decode it instead).</summary>
    public static bool TryReadLeadingIp(ReadOnlySpan<byte> payload, out Ipv4Address ip) => EventCodec.TryReadLeadingIp(payload, out ip);
}
