namespace EsCni.Journal.Writing;

/// <summary>One caller's batch waiting in the writer loop's queue.</summary>
internal sealed class PendingAppend
{
    /// <summary>Wraps a validated batch.</summary>
    public PendingAppend(IReadOnlyList<JournalEntry> entries, int frameBytes, long startTimestamp)
    {
        Entries = entries;
        FrameBytes = frameBytes;
        StartTimestamp = startTimestamp;
    }

    /// <summary>The caller's events.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>Bytes the batch's frames take on disk.</summary>
    public int FrameBytes { get; }

    /// <summary>Stopwatch timestamp at AppendAsync, for the latency hook.</summary>
    public long StartTimestamp { get; }

    /// <summary>Completed once the batch (or its idempotent original) is durable.</summary>
    public TaskCompletionSource<AppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The result to hand out after the group's fdatasync.</summary>
    public AppendResult Result { get; set; }
}
