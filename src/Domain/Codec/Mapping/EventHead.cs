namespace EsCni.Domain.Codec.Mapping;

/// <summary>What every event record starts with, as read from its <c>EventMeta</c>.</summary>
internal readonly record struct EventHead(Guid Id, DateTimeOffset At, Cause Cause);
