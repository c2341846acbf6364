using System.Runtime.ExceptionServices;

namespace EsCni.Journal.Recovery;

/// <summary>What reading one segment on its own found, before <see cref="DirectoryScanner"/> checks the chain in order.</summary>
/// <param name="Header">The decoded header (default when <paramref name="HeaderReason"/> is set).</param>
/// <param name="HeaderReason">Why the header does not verify, or null.</param>
/// <param name="Scan">How the frames end (null when the header failed).</param>
/// <param name="FramesVerified">False when only the Seal frame was located, not every frame verified.</param>
/// <param name="Events">Committed (id, LSN) pairs at or after the scan's report bound, in LSN order, or null.</param>
/// <param name="Error">An exception reading the file raised; rethrown only if the chain reaches this segment.</param>
internal sealed record SegmentOutcome(
    SegmentHeader Header,
    string? HeaderReason,
    SegmentScan? Scan,
    bool FramesVerified,
    List<(Guid Id, long Lsn)>? Events,
    ExceptionDispatchInfo? Error);
