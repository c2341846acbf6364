using EsCni.Journal;

namespace EsCni.Projections.Replay;

/// <summary>Decides from a record's header and raw payload whether it is worth decoding; decoding is most of a replay's cost.</summary>
/// <param name="record">The record; its payload is valid only during the call.</param>
/// <returns>True to decode the record and hand it to the projections.</returns>
public delegate bool RecordFilter(in JournalRecord record);
