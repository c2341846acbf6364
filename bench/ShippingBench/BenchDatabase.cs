using EsCni.ClusterStore;
using Marten;
using Npgsql;

namespace EsCni.Bench.Shipping;

/// <summary>A fresh database in the benchmark's PostgreSQL with the cluster schema applied; dropped on dispose.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public string Name => _name;

    public static async Task<BenchDatabase> CreateAsync(string admin)
    {
        string name = "escni_bench_" + Guid.NewGuid().ToString("N")[..8];
        await ExecAsync(admin, $"create database {name}");
        var db = new BenchDatabase(admin, name);
        using DocumentStore store = ClusterDocumentStore.Open(db.ConnectionString, ClusterStoreRole.Migration);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return db;
    }

    /// <summary>Backends connected to this database right now (pg_stat_activity).</summary>
    public async Task<long> ConnectionCountAsync() => await ScalarAsync<long>($"select count(*) from pg_stat_activity where datname = '{_name}'");

    public async Task<long> SizeBytesAsync() => await ScalarAsync<long>($"select pg_database_size('{_name}')");

    public async Task<T> ScalarAsync<T>(string sql, bool inBenchDatabase = false)
    {
        await using var connection = new NpgsqlConnection(inBenchDatabase ? ConnectionString : _admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecAsync(_admin, $"drop database if exists {_name} with (force)");
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
