using System.Buffers.Binary;
using EsCni.Domain.Codec.Proto;
using Google.Protobuf.Collections;

namespace EsCni.Domain.Codec.Mapping;

/// <summary>
/// Maps what every event shares (id, time, cause in <c>EventMeta</c>) and the shared values (IPAM key, pod, IP lists,
/// times) between the domain records and the protobuf messages; the family mappings build on it.
/// </summary>
/// <remarks>
/// Reading throws <see cref="FormatException"/> for a value the domain cannot hold; <see cref="EventCodec.Decode"/>
/// reports it as Malformed. Newer fields are kept by <see cref="EventMap{TEvent, TMessage}"/>.
/// </remarks>
internal static class SharedMapping
{
    public static EventMeta Fill(EventMeta? meta, DomainEvent e)
    {
        meta ??= new EventMeta();
        Span<byte> id = stackalloc byte[16];
        e.EventId.TryWriteBytes(id, bigEndian: true, out _);
        meta.IdHigh = BinaryPrimitives.ReadUInt64BigEndian(id);
        meta.IdLow = BinaryPrimitives.ReadUInt64BigEndian(id[8..]);
        meta.AtUtcTicks = e.At.UtcTicks;
        meta.OffsetMinutes = (int)e.At.Offset.TotalMinutes;
        meta.CauseKind = (Proto.CauseKind)e.Cause.Kind;
        meta.ClearRequestId();
        meta.ClearAwsRequestId();
        meta.ClearClientToken();
        if (e.Cause.RequestId is { } requestId)
        {
            meta.RequestId = requestId;
        }

        if (e.Cause.AwsRequestId is { } awsRequestId)
        {
            meta.AwsRequestId = awsRequestId;
        }

        if (e.Cause.ClientToken is { } clientToken)
        {
            meta.ClientToken = clientToken;
        }
        return meta;
    }

    /// <summary>Id, time and cause of an event message; throws for a missing meta or impossible values.</summary>
    public static EventHead Read(EventMeta? meta)
    {
        if (meta is null)
        {
            throw new FormatException("the event has no meta (field 1: id, time, cause)");
        }

        if (meta.IdHigh == 0 && meta.IdLow == 0)
        {
            // Event ids are UUIDv5 or random, never all zero: this is a meta that was left out (or zeroed).
            throw new FormatException("the event id is missing or all zero");
        }

        if ((uint)meta.CauseKind > (uint)Events.CauseKind.Startup)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"cause kind {(int)meta.CauseKind} is unknown (known 0..{(int)Events.CauseKind.Startup})"));
        }

        Events.CauseKind kind = (Events.CauseKind)meta.CauseKind;
        Cause cause = meta.HasRequestId || meta.HasAwsRequestId || meta.HasClientToken
            ? new Cause(kind, meta.HasRequestId ? meta.RequestId : null, meta.HasAwsRequestId ? meta.AwsRequestId : null, meta.HasClientToken ? meta.ClientToken : null)
            : Cause.Of(kind);
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(id, meta.IdHigh);
        BinaryPrimitives.WriteUInt64BigEndian(id[8..], meta.IdLow);
        return new EventHead(new Guid(id, bigEndian: true), Time(meta.AtUtcTicks, meta.OffsetMinutes), cause);
    }

    /// <summary>A time from UTC ticks and an offset in minutes, checked as the 0.1 reader checks it.</summary>
    public static DateTimeOffset Time(long utcTicks, int offsetMinutes)
    {
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks || offsetMinutes is < -14 * 60 or > 14 * 60)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"timestamp ticks {utcTicks} offset {offsetMinutes} min is out of range"));
        }

        TimeSpan offset = TimeSpan.FromMinutes(offsetMinutes);
        long local = utcTicks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"timestamp ticks {utcTicks} with offset {offsetMinutes} min is out of range"));
        }

        return new DateTimeOffset(local, offset);
    }

    public static Proto.IpamKey Fill(Proto.IpamKey? message, Events.IpamKey key)
    {
        message ??= new Proto.IpamKey();
        message.NetworkName = key.NetworkName;
        message.ContainerId = key.ContainerId;
        message.IfName = key.IfName;
        return message;
    }

    /// <summary>The key; an absent message is the empty key (reused messages cannot tell absent from empty, protobuf's own rule).</summary>
    public static Events.IpamKey Read(Proto.IpamKey? message) =>
        message is null ? new Events.IpamKey("", "", "") : new Events.IpamKey(message.NetworkName, message.ContainerId, message.IfName);

    public static Proto.Pod Fill(Proto.Pod? message, Events.Pod pod)
    {
        message ??= new Proto.Pod();
        message.Namespace = pod.Namespace;
        message.Name = pod.Name;
        message.Uid = pod.Uid;
        return message;
    }

    /// <summary>The pod; an absent message is the empty pod, as for the key.</summary>
    public static Events.Pod Read(Proto.Pod? message) =>
        message is null ? new Events.Pod("", "", "") : new Events.Pod(message.Namespace, message.Name, message.Uid);

    public static void Fill(RepeatedField<uint> target, ValueList<Ipv4Address> ips)
    {
        target.Clear();
        foreach (Ipv4Address ip in ips.AsSpan())
        {
            target.Add(ip.Value);
        }
    }

    public static ValueList<Ipv4Address> Read(RepeatedField<uint> ips)
    {
        Ipv4Address[] values = new Ipv4Address[ips.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = new Ipv4Address(ips[i]);
        }

        return ValueList<Ipv4Address>.FromArray(values);
    }
}
