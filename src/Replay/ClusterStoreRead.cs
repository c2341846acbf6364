using Marten.Exceptions;
using Npgsql;

namespace EsCni.Replay;

/// <summary>How the <c>--postgres</c> variants of the replay verbs fail: one exit code and one hint for a store they cannot read.</summary>
internal static class ClusterStoreRead
{
    /// <summary>
    /// Runs <paramref name="read"/>; an unreachable PostgreSQL, a schema that was never migrated or a bad connection string
    /// is exit <see cref="ReplayExitCodes.Unreadable"/> with what to check on <paramref name="stderr"/>.
    /// </summary>
    public static async Task<int> RunAsync(TextWriter stderr, Func<Task<int>> read)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is NpgsqlException or MartenException or ArgumentException)
        {
            await stderr.WriteLineAsync($"error: cannot read the cluster store ({ex.GetType().Name}): {ex.Message}; check --postgres and that `escni-ipamd projections migrate` has run");
            return ReplayExitCodes.Unreadable;
        }
    }
}
