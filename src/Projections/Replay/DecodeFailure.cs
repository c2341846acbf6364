namespace EsCni.Projections.Replay;

/// <summary>A journal record whose payload did not decode (written by a newer build, or damaged before framing).</summary>
/// <param name="Lsn">The record's LSN.</param>
/// <param name="TypeId">Its event type id.</param>
/// <param name="Message">What was wrong, from the Domain's codec.</param>
public sealed record DecodeFailure(long Lsn, ushort TypeId, string Message);
