using System.CommandLine;
using EsCni.ClusterStore;
using Marten;
using Npgsql;

namespace EsCni.Ipamd.Cli.Projections;

/// <summary>
/// <c>escni-ipamd projections run --postgres CS</c>: the central process. Applies the schema, then runs the cluster
/// projections (IP ownership across nodes, ENI inventory, subnet usage, EC2 calls per node) with Marten's async
/// daemon in HotCold mode: run two replicas and one holds the advisory lock while the other waits to take over.
/// </summary>
public static class ProjectionsRunCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        ProjectionsCommand.Verb("run", "Run the cluster-wide projections over every node's shipped journal until SIGTERM (one Deployment per cluster)", stdout, stderr, RunAsync);

    /// <summary>Runs until <paramref name="ct"/> is cancelled or SIGTERM; returns the exit code.</summary>
    public static async Task<int> RunAsync(string connectionString, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        try
        {
            builder.Services.AddMarten(ClusterDocumentStore.BuildOptions(connectionString, ClusterStoreRole.Central))
                .ApplyAllDatabaseChangesOnStartup()
                .AddAsyncDaemon(JasperFx.Events.Daemon.DaemonMode.HotCold);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ProjectionsCommand.ExitUsage;
        }

        using IHost host = builder.Build();
        try
        {
            await stdout.WriteLineAsync("projections: applying schema, then running the cluster projections (HotCold); SIGTERM stops");
            await host.RunAsync(ct);
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or Marten.Exceptions.MartenException or TimeoutException)
        {
            await stderr.WriteLineAsync($"error: the cluster projections stopped ({ex.GetType().Name}): {ex.Message}; check --postgres and that PostgreSQL is reachable");
            return ProjectionsCommand.ExitFailed;
        }
    }
}
