using System.CommandLine;

namespace EsCni.Replay;

/// <summary>
/// A verb that reads one journal directory: its <c>--journal</c> and <c>--json</c> options, first and in that order (as
/// help prints them), and their values in the handler.
/// </summary>
/// <param name="json">A verb's own wording of <c>--json</c> (dump prints JSON Lines); the shared one when null.</param>
internal sealed class JournalVerb(Option<bool>? json = null)
{
    private readonly Option<string> _journal = ReplayOptions.Journal();
    private readonly Option<bool> _json = json ?? ReplayOptions.Json();

    /// <summary>The command with <c>--journal</c>, <c>--json</c>, then the verb's own <paramref name="options"/>.</summary>
    public Command Command(string name, string description, params ReadOnlySpan<Option> options)
    {
        Command command = new(name, description) { _journal, _json };
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>The journal directory; the option is required, so a handler never sees it missing.</summary>
    public string Directory(ParseResult parseResult) => parseResult.GetValue(_journal)!;

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json(ParseResult parseResult) => parseResult.GetValue(_json);
}
