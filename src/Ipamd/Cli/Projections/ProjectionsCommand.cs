using System.CommandLine;

namespace EsCni.Ipamd.Cli.Projections;

/// <summary><c>escni-ipamd projections run|migrate --postgres CS</c>: the central cluster-store process (one Deployment per cluster), not the node daemon.</summary>
public static class ProjectionsCommand
{
    /// <summary>Exit code for a missing or bad connection string.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code when PostgreSQL could not be reached or refused the schema.</summary>
    public const int ExitFailed = 1;

    /// <summary>Builds <c>projections</c> with <c>run</c> and <c>migrate</c>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("projections", "The cluster store's central process: schema migration and the cluster-wide projections over every node's shipped journal")
    {
        ProjectionsRunCommand.Create(stdout, stderr),
        ProjectionsMigrateCommand.Create(stdout, stderr),
    };

    /// <summary>
    /// A verb of the cluster store: its <c>--postgres</c> option (falls back to ESCNI_POSTGRES), resolved before
    /// <paramref name="run"/> gets it, or exit <see cref="ExitUsage"/> when neither is set.
    /// </summary>
    internal static Command Verb(string name, string description, TextWriter stdout, TextWriter stderr,
        Func<string, TextWriter, TextWriter, CancellationToken, Task<int>> run)
    {
        Option<string> postgres = new("--postgres")
        {
            Description = "Npgsql connection string of the cluster store, e.g. 'Host=pg;Database=escni;Username=escni' (default: $ESCNI_POSTGRES)",
        };
        Command command = new(name, description) { postgres };
        command.SetAction(async (parseResult, ct) =>
            ConnectionString(parseResult, postgres, stderr) is { } cs ? await run(cs, stdout, stderr, ct) : ExitUsage);
        return command;
    }

    /// <summary>The option's value or ESCNI_POSTGRES; null (after telling the user) when neither is set.</summary>
    private static string? ConnectionString(ParseResult parseResult, Option<string> option, TextWriter stderr)
    {
        string? value = parseResult.GetValue(option) ?? Environment.GetEnvironmentVariable("ESCNI_POSTGRES");
        if (string.IsNullOrWhiteSpace(value))
        {
            stderr.WriteLine("error: no cluster store given: pass --postgres 'Host=...;Database=...;Username=...' or set ESCNI_POSTGRES");
            return null;
        }

        return value;
    }
}
