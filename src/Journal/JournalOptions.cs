namespace EsCni.Journal;

/// <summary>Settings of an appending <see cref="Journal"/>; the defaults suit production.</summary>
public sealed class JournalOptions
{
    /// <summary>Size every new segment file is preallocated (zero-filled) to; existing segments keep their size. Default 64 MiB.</summary>
    public long SegmentBytes { get; init; } = 64L << 20;

    /// <summary>Largest single write (one group commit); a caller's batch must fit in it. Default 1 MiB.</summary>
    /// <remarks>Recovery relies on it: a torn tail can only span one write, so valid frames further away mean corruption.</remarks>
    public int MaxBatchBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Event ids remembered for idempotent retries beyond those since the newest snapshot (all of which are kept).
    /// Default 100,000.
    /// </summary>
    public int IdempotencyWindow { get; init; } = 100_000;

    /// <summary>An fdatasync slower than this is reported as <see cref="JournalDiagnosticKind.SlowSync"/>. Default 1 s (etcd's).</summary>
    public TimeSpan SlowSyncThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Receives diagnostics worth logging (slow fsync, torn tail cut, ignored snapshot, failure).</summary>
    public Action<JournalDiagnostic>? Diagnostics { get; init; }

    /// <summary>
    /// Called on the writer's thread right after a segment is sealed (it never changes again): where the caller starts
    /// writing its per-segment indexes (<see cref="JournalReader.WriteIndexes(System.Collections.Generic.IReadOnlyList{Indexing.SegmentIndexDefinition}, CancellationToken)"/>). Must return at once — hand the work
    /// to another thread; an exception here is the caller's bug and fails the journal.
    /// </summary>
    public Action<JournalSegment>? SegmentSealed { get; init; }

    /// <summary>Metrics hook: time from AppendAsync to durable, per batch.</summary>
    public Action<TimeSpan>? AppendLatency { get; init; }

    /// <summary>Metrics hook: duration of each fdatasync.</summary>
    public Action<TimeSpan>? SyncLatency { get; init; }

    /// <summary>Clock for file timestamps (segment headers, snapshot headers, .broken names).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The file layer; tests substitute one that injects crashes.</summary>
    internal IJournalFileSystem FileSystem { get; init; } = PosixFileSystem.Instance;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting at once.</summary>
    internal void Validate()
    {
        List<string> problems = [];
        if (MaxBatchBytes < FrameCodec.FrameBytes(0) || MaxBatchBytes > FrameCodec.MaxPayloadBytes + FrameCodec.HeaderBytes)
        {
            problems.Add($"MaxBatchBytes is {MaxBatchBytes}; use {FrameCodec.FrameBytes(0)}..{FrameCodec.MaxPayloadBytes + FrameCodec.HeaderBytes}");
        }

        long minSegment = SegmentHeader.Bytes + (long)MaxBatchBytes + FrameCodec.FrameBytes(ControlType.SealPayloadBytes);
        if (SegmentBytes < minSegment || SegmentBytes % FrameCodec.Alignment != 0)
        {
            problems.Add($"SegmentBytes is {SegmentBytes}; it must be a multiple of 8 and at least {minSegment} (header + MaxBatchBytes + Seal frame)");
        }

        if (IdempotencyWindow < 0)
        {
            problems.Add($"IdempotencyWindow is {IdempotencyWindow}; use 0 or more");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid JournalOptions: " + string.Join("; ", problems));
        }
    }

    /// <summary>Now as unix microseconds from <see cref="TimeProvider"/>.</summary>
    internal long NowMicros() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
}
