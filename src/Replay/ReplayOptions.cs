using System.CommandLine;

namespace EsCni.Replay;

/// <summary>The options every replay verb shares, and opening the journal they name.</summary>
/// <remarks>Factories, not shared instances: each verb holds its own option objects in its static fields.</remarks>
internal static class ReplayOptions
{
    public static Option<string> Journal() => new("--journal", "-j")
    {
        Description = "The journal directory: the daemon's ESCNI_JOURNAL_DIR on a node (read live, never locked) or a copy of it",
        Required = true,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of a table",
    };

    public static Option<string> Time(string name, string description, bool required = false) => new(name)
    {
        Description = description + " (RFC 3339, e.g. 2026-11-27T14:02:00Z, or relative: -15m, -2h, -1d)",
        Required = required,
    };

    /// <summary>Opens the journal read-only; an empty or missing directory is "cannot be read", exit 2.</summary>
    public static JournalReader Open(string directory)
    {
        JournalReader reader = JournalReader.Open(directory);
        if (reader.LastLsn == 0 && reader.Verify().Segments == 0)
        {
            throw new DirectoryNotFoundException($"{reader.Directory} holds no journal segments (*.seg); pass the daemon's ESCNI_JOURNAL_DIR or a copy of it");
        }

        return reader;
    }

    /// <summary>Parses a time option's value, or null when it was not given.</summary>
    public static DateTimeOffset? ParseTime(ParseResult parseResult, Option<string> option, DateTimeOffset now)
    {
        string? text = parseResult.GetValue(option);
        if (text is null)
        {
            return null;
        }

        return TimeExpression.TryParse(text, now, out DateTimeOffset value, out string? error)
            ? value
            : throw new ReplayUsageException($"{option.Name}: {error}");
    }

    /// <summary>Wires a handler with usage and failure handling.</summary>
    public static Command WithHandler(this Command command, TextWriter stdout, TextWriter stderr, Func<ParseResult, TextWriter, TextWriter, int> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return command.WithHandler(stdout, stderr, (r, o, e, _) => Task.FromResult(handler(r, o, e)));
    }

    /// <summary>As the synchronous overload, for a verb that does I/O asynchronously: it gets the invocation's token, cancelled by Ctrl-C.</summary>
    public static Command WithHandler(this Command command, TextWriter stdout, TextWriter stderr, Func<ParseResult, TextWriter, TextWriter, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Action = new ReplayAction(stdout, stderr, handler);
        return command;
    }
}
