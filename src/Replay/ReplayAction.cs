using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using EsCni.Projections;
using EsCni.Projections.Replay;

namespace EsCni.Replay;

/// <summary>Runs a replay verb: turns parse errors into usage text on the verb's stderr and every failure into a message and an exit code, never a stack trace.</summary>
/// <remarks>
/// System.CommandLine prints parse errors to the console of the invocation, not to the writers the verbs were built
/// with; claiming the errors here (<see cref="ClearsParseErrors"/>) keeps tests and callers that pass their own
/// writers seeing everything, and lets usage errors exit 64 rather than 1, which verify reserves for findings.
/// </remarks>
internal sealed class ReplayAction(TextWriter stdout, TextWriter stderr, Func<ParseResult, TextWriter, TextWriter, CancellationToken, Task<int>> handler)
    : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.Errors.Count > 0)
        {
            return Usage(parseResult, parseResult.Errors.Select(e => e.Message));
        }

        try
        {
            // Every verb reads what it can of a journal from a newer release; the operator must know the answer may
            // leave out events this CLI cannot read (each one is also reported where the verb lists skipped records).
            if (parseResult.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--journal") is Option<string> option
                && parseResult.GetValue(option) is { } journal && JournalVersionMarker.DescribeNewer(journal) is { } newer)
            {
                stderr.WriteLine($"warning: {newer}");
            }

            return await handler(parseResult, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled; nothing was changed (the replay verbs only read)").ConfigureAwait(false);
            return ReplayExitCodes.Cancelled;
        }
        catch (ReplayUsageException ex)
        {
            return Usage(parseResult, [ex.Message]);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException or JournalException or ProjectionException
                                       or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read the journal: {ex.Message}");
            return ReplayExitCodes.Unreadable;
        }
#pragma warning disable CA1031 // The operator gets a message and an exit code, never a stack trace, whatever failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"error: replay failed ({ex.GetType().Name}): {ex.Message}; please report this with the journal copy");
            return ReplayExitCodes.Failed;
        }
    }

    private int Usage(ParseResult parseResult, IEnumerable<string> errors)
    {
        foreach (string error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        stderr.WriteLine();

        // HelpBuilder is internal in System.CommandLine 2.0, so the verb's help is produced the way a user would ask for it.
        List<string> path = [];
        for (CommandResult? c = parseResult.CommandResult; c?.Parent is CommandResult parent; c = parent)
        {
            path.Insert(0, c.Command.Name);
        }

        parseResult.RootCommandResult.Command.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
        return ReplayExitCodes.Usage;
    }
}
