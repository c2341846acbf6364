using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Codec;

/// <summary>The outcome of <see cref="EventCodec.Decode"/>: an event, or a status and a message saying what was wrong.</summary>
/// <param name="Status">Ok or why not.</param>
/// <param name="Event">The event when <see cref="Status"/> is Ok.</param>
/// <param name="Error">What was wrong, naming the type id, version or byte offset, when not Ok.</param>
public readonly record struct DecodeResult(DecodeStatus Status, DomainEvent? Event, string? Error)
{
    /// <summary>True when an event was decoded.</summary>
    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Status == DecodeStatus.Ok;
}
