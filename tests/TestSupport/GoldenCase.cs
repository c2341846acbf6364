namespace EsCni.Testing;

/// <summary>One replay invocation of a golden journal's cases.txt.</summary>
/// <param name="Name">The case name, also the expected output's file name.</param>
/// <param name="Arguments">The escni-ipamd arguments, <see cref="GoldenJournal.JournalPlaceholder"/> for the journal.</param>
public sealed record GoldenCase(string Name, IReadOnlyList<string> Arguments);
