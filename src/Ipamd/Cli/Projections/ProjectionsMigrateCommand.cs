using System.CommandLine;
using EsCni.ClusterStore;
using Marten;
using Npgsql;

namespace EsCni.Ipamd.Cli.Projections;

/// <summary>
/// <c>escni-ipamd projections migrate --postgres CS</c>: creates or updates the cluster store's schema (events, streams,
/// read models, daemon tables). Node shippers never do this (they run with AutoCreate.None), so run it once per
/// upgrade, before the DaemonSet ships to a new schema.
/// </summary>
public static class ProjectionsMigrateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        ProjectionsCommand.Verb("migrate", "Create or update the cluster store's schema in PostgreSQL (never drops anything)", stdout, stderr, RunAsync);

    /// <summary>Applies the schema; returns the exit code.</summary>
    public static async Task<int> RunAsync(string connectionString, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Migration);
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await stdout.WriteLineAsync($"cluster store schema '{ClusterDocumentStore.DefaultSchema}' is up to date");
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or Marten.Exceptions.MartenException)
        {
            await stderr.WriteLineAsync($"error: could not migrate the cluster store schema ({ex.GetType().Name}): {ex.Message}; check --postgres and that the user may create schemas");
            return ProjectionsCommand.ExitFailed;
        }
    }
}
