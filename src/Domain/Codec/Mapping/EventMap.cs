using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using EsCni.Domain.Codec.Proto;

namespace EsCni.Domain.Codec.Mapping;

/// <summary>Parses a message of one type, for types that parse into a reused message (<see cref="IReusableMessage"/>).</summary>
internal delegate TMessage MessageParse<TMessage>(ReadOnlySpan<byte> message);

/// <summary>
/// One event type's mapping: its type id, how its own fields go into the message (<c>write</c>) and how a record is
/// made from a message and the <see cref="EventHead"/> (<c>read</c>). What every event shares is done here, once:
/// the meta (field 1 of every event message), starting from the message a record was read from when it carries
/// fields a newer release wrote, and keeping those bytes on the record when reading.
/// </summary>
/// <remarks>
/// The family files (<see cref="EniEventMapping"/>, …) list one of these per event, so an event's two directions sit
/// side by side and a new event is one entry; keeping newer fields needs no per-message declaration either
/// (<see cref="UnknownFields{TMessage}"/>).
/// </remarks>
internal sealed class EventMap<TEvent, [DynamicallyAccessedMembers(UnknownFields.MessageMembers | DynamicallyAccessedMemberTypes.PublicMethods)] TMessage>(ushort typeId, Action<TEvent, TMessage> write, Func<TMessage, EventHead, TEvent> read, MessageParse<TMessage>? parse = null)
    : IEventMap
    where TEvent : DomainEvent
    where TMessage : class, IMessage<TMessage>, new()
{
    private static readonly MessageParser<TMessage> s_parser = new(() => new TMessage());
    private static readonly Func<TMessage, EventMeta?> s_getMeta = Accessor<Func<TMessage, EventMeta?>>("get_Meta");
    private static readonly Action<TMessage, EventMeta> s_setMeta = Accessor<Action<TMessage, EventMeta>>("set_Meta");

    /// <inheritdoc />
    public ushort TypeId => typeId;

    /// <inheritdoc />
    public Type EventType => typeof(TEvent);

    /// <inheritdoc />
    public IMessage ToMessage(DomainEvent domainEvent)
    {
        TEvent e = (TEvent)domainEvent;
        TMessage message = e.Newer is { } newer ? s_parser.ParseFrom(newer.Message) : new TMessage();
        s_setMeta(message, SharedMapping.Fill(s_getMeta(message), e));
        write(e, message);
        return message;
    }

    /// <inheritdoc />
    public DomainEvent FromMessage(ReadOnlySpan<byte> message)
    {
        TMessage parsed = parse is null ? s_parser.ParseFrom(message) : parse(message);
        EventMeta? meta = s_getMeta(parsed);
        TEvent e = read(parsed, SharedMapping.Read(meta));
        return UnknownFields<TMessage>.In(parsed) || UnknownFields<EventMeta>.In(meta) ? e with { Newer = new NewerFields(message) } : e;
    }

    private static TDelegate Accessor<TDelegate>(string method)
        where TDelegate : Delegate =>
        typeof(TMessage).GetMethod(method, BindingFlags.Public | BindingFlags.Instance) is { } m
            ? m.CreateDelegate<TDelegate>()
            : throw new InvalidOperationException($"{typeof(TMessage).Name} has no Meta field; every event message starts with 'EventMeta meta = 1'.");
}
