namespace EsCni.Domain.Events;

/// <summary>
/// The payload an event was decoded from when it held fields this build does not know (a newer release wrote it):
/// the codec starts from these bytes when it encodes the event again, so a snapshot or a shipped copy keeps them.
/// </summary>
/// <remarks>Compared by content, so an event that carries them still equals its own round trip.</remarks>
public sealed class NewerFields : IEquatable<NewerFields>
{
    private readonly byte[] _message;

    /// <summary>Keeps a copy of the encoded message (the payload after its schema version).</summary>
    public NewerFields(ReadOnlySpan<byte> message)
    {
        _message = message.ToArray();
    }

    /// <summary>The encoded message the event was read from.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <inheritdoc />
    public bool Equals(NewerFields? other) => other is not null && _message.AsSpan().SequenceEqual(other._message);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NewerFields);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.AddBytes(_message);
        return hash.ToHashCode();
    }
}
