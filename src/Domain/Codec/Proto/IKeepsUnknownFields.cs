namespace EsCni.Domain.Codec.Proto;

/// <summary>A generated message that can say whether it was read with fields this build does not know.</summary>
/// <remarks>
/// Google.Protobuf keeps unknown fields in a private <c>_unknownFields</c> and writes them back, but offers no public
/// way to ask for them; the generated classes are partial, so these declarations add the question. The codec uses it
/// to keep the bytes of an event a newer release wrote (<see cref="Events.NewerFields"/>) and only then.
/// </remarks>
internal interface IKeepsUnknownFields
{
    /// <summary>True when the message was parsed with field numbers its descriptor does not declare.</summary>
    public bool HasUnknownFields { get; }
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EventMeta : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpamKey : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class Pod : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class NodeStarted : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class NodeStopped : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniCreateRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniCreated : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniCreateFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniAttached : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniDetachRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniDetachFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniDetached : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class EniDeleted : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsAdded : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsRequestFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsReleaseRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsReleaseFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolIpsRemoved : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpAllocated : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpReleased : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class AllocationQuarantined : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class DriftDetected : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class DriftResolved : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpHeld : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpHoldLifted : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class IpAdopted : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesAdded : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesRequestFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesReleaseRequested : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesReleaseFailed : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}

/// <summary>See <see cref="IKeepsUnknownFields"/>.</summary>
internal sealed partial class PoolPrefixesRemoved : IKeepsUnknownFields
{
    /// <inheritdoc />
    public bool HasUnknownFields => _unknownFields is not null;
}
