namespace EsCni.Domain.Codec.Mapping;

/// <summary>One event type's mapping between its record and its protobuf message, both ways (see <see cref="EventMap{TEvent, TMessage}"/>).</summary>
internal interface IEventMap
{
    /// <summary>The wire type id (<see cref="EventTypeIds"/>).</summary>
    public ushort TypeId { get; }

    /// <summary>The record type it maps.</summary>
    public Type EventType { get; }

    /// <summary>The message for <paramref name="domainEvent"/> (a record of <see cref="EventType"/>), newer fields kept.</summary>
    public IMessage ToMessage(DomainEvent domainEvent);

    /// <summary>The record in <paramref name="message"/>; throws <see cref="InvalidProtocolBufferException"/> or
    /// <see cref="FormatException"/> for bytes or values the record cannot hold.</summary>
    public DomainEvent FromMessage(ReadOnlySpan<byte> message);
}
