namespace EsCni.Journal;

/// <summary>Something worth logging, handed to <see cref="JournalOptions.Diagnostics"/> (the journal itself does not log).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A sentence for the log.</param>
/// <param name="Duration">How long it took, for timed events such as a slow fdatasync.</param>
public sealed record JournalDiagnostic(JournalDiagnosticKind Kind, string Message, TimeSpan Duration = default);
