using System.CommandLine;

namespace EsCni.Replay;

/// <summary>The options that point a replay verb at the cluster store instead of a journal directory.</summary>
internal static class ClusterReplayOptions
{
    public static Option<string> Postgres() => new("--postgres")
    {
        Description = "Read the cluster store (PostgreSQL, e.g. 'Host=pg;Database=escni;Username=escni') instead of a journal: answers across every node",
    };

    public static Option<string> Node() => new("--node")
    {
        Description = "With --postgres: the node whose pool to show (NODE_NAME, or its EC2 instance id when NODE_NAME was unset)",
    };

    /// <summary>Makes a verb's --journal optional, because --postgres can replace it; <see cref="JournalOrPostgres"/> then checks one is given.</summary>
    public static Option<string> OptionalWithPostgres(this Option<string> journal)
    {
        journal.Required = false;
        return journal;
    }

    /// <summary>
    /// For a verb with both sources: checks exactly one was given, and when it is --postgres runs
    /// <paramref name="runCluster"/> with the connection string and returns its exit code (a store it cannot read is
    /// <see cref="ClusterStoreRead"/>'s exit 2); null means "use the journal".
    /// </summary>
    public static async Task<int?> DispatchAsync(ParseResult parseResult, Option<string> journal, Option<string> postgres, TextWriter stderr, Func<string, Task<int>> runCluster)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(runCluster);
        string? connectionString = parseResult.GetValue(postgres);
        JournalOrPostgres(parseResult.GetValue(journal), connectionString);
        return connectionString is null ? null : await ClusterStoreRead.RunAsync(stderr, () => runCluster(connectionString)).ConfigureAwait(false);
    }

    /// <summary>Throws a usage error unless exactly one of --journal and --postgres was given.</summary>
    public static void JournalOrPostgres(string? journal, string? postgres)
    {
        if (journal is null == postgres is null)
        {
            throw new ReplayUsageException(journal is null
                ? "give --journal DIR (one node's journal) or --postgres CS (the cluster store)"
                : "give --journal or --postgres, not both");
        }
    }
}
