using EsCni.ClusterStore;
using Marten;
using Npgsql;
using Xunit;

namespace EsCni.Testing;

/// <summary>A fresh database (schema applied as <c>projections migrate</c> does, unless <see cref="ApplySchema"/> is false) in the test PostgreSQL, dropped afterwards.</summary>
public class ClusterTestDatabase : IAsyncLifetime
{
    private readonly string _name = "escni_test_" + Guid.NewGuid().ToString("N")[..12];
    private string? _admin;

    /// <summary>Connection string of the fresh database (direct, no proxy).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>False for a database left empty (the migrate command's own test).</summary>
    protected virtual bool ApplySchema => true;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ESCNI_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "ESCNI_TEST_POSTGRES is not set: the cluster-store tests need a real PostgreSQL. Run them through scripts/test.sh, or "
                + "`. scripts/lib/postgres.sh; start_private_postgres` first (and stop_private_postgres after).");

    public async Task InitializeAsync()
    {
        _admin = ServerConnectionString;
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {_name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;
        if (!ApplySchema)
        {
            return;
        }

        using DocumentStore central = ClusterDocumentStore.Open(ConnectionString, ClusterStoreRole.Migration);
        await central.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
