namespace EsCni.Projections.Ownership;

/// <summary>An AllocationQuarantined on an interval: evidence disagreed with the journal about it.</summary>
/// <param name="Lsn">LSN of the AllocationQuarantined event.</param>
/// <param name="At">When it was flagged.</param>
/// <param name="Evidence">What disagreed.</param>
public sealed record QuarantineMark(long Lsn, DateTimeOffset At, string Evidence);
