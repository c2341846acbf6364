namespace EsCni.Journal;

/// <summary>The kinds of <see cref="JournalMessage"/>.</summary>
public enum JournalMessageKind
{
    /// <summary>A durable record.</summary>
    Record,

    /// <summary>Every record durable when the subscription started has been delivered; live records follow.</summary>
    CaughtUp,
}
