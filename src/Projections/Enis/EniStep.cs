using EsCni.Domain.Events;

namespace EsCni.Projections.Enis;

/// <summary>One step in an ENI's life: the event, when, who caused it (with AWS request id and ClientToken) and a short detail.</summary>
/// <param name="Lsn">LSN of the event.</param>
/// <param name="At">When it happened.</param>
/// <param name="Event">The event type name, e.g. "EniAttached".</param>
/// <param name="Cause">The event's cause.</param>
/// <param name="Detail">Device index, error code and message, and the like; empty when there is nothing more to say.</param>
public sealed record EniStep(long Lsn, DateTimeOffset At, string Event, Cause Cause, string Detail);
