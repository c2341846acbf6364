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

    /// <summary>The shared <c>--postgres</c> option (falls back to ESCNI_POSTGRES).</summary>
    internal static Option<string> PostgresOption() => new("--postgres")
    {
        Description = "Npgsql connection string of the cluster store, e.g. 'Host=pg;Database=escni;Username=escni' (default: $ESCNI_POSTGRES)",
    };

    /// <summary>The option's value or ESCNI_POSTGRES; null (after telling the user) when neither is set.</summary>
    internal static string? ConnectionString(ParseResult parseResult, Option<string> option, TextWriter stderr)
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
