using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EsCni.ClusterStore;

/// <summary>
/// The Marten configuration of the cluster store, pinned explicitly because Marten's defaults moved between majors
/// (reference/journal.md §6.6): string stream keys, Quick appends with our own timestamps, unique event ids,
/// System.Text.Json, a fixed schema.
/// </summary>
public static class ClusterDocumentStore
{
    /// <summary>PostgreSQL schema of every cluster-store table (<c>escni.mt_events</c>, ...).</summary>
    public const string DefaultSchema = "escni";

    /// <summary>Largest batch one commit carries (events); bigger commits only lengthen lock and retry windows.</summary>
    public const int MaxBatchEvents = 500;

    /// <summary>Opens a document store for <paramref name="role"/>; dispose it when done.</summary>
    /// <exception cref="ArgumentException">The connection string does not parse.</exception>
    public static DocumentStore Open(string connectionString, ClusterStoreRole role, string schema = DefaultSchema) =>
        new(BuildOptions(connectionString, role, schema));

    /// <summary>The store options for <paramref name="role"/> (used by <see cref="Open"/> and by <c>AddMarten</c> in the central process).</summary>
    public static StoreOptions BuildOptions(string connectionString, ClusterStoreRole role, string schema = DefaultSchema)
    {
        StoreOptions options = new();
        Configure(options, connectionString, role, schema);
        return options;
    }

    /// <summary>Applies the cluster-store settings to <paramref name="options"/>.</summary>
    public static void Configure(StoreOptions options, string connectionString, ClusterStoreRole role, string schema = DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Connection(ConnectionStringFor(connectionString, role));
        options.DatabaseSchemaName = schema;
        options.AutoCreateSchemaObjects = role is ClusterStoreRole.Central or ClusterStoreRole.Migration ? AutoCreate.CreateOrUpdate : AutoCreate.None;
        options.UseSystemTextJsonForSerialization();
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick appends assign versions in one function call; "WithServerTimestamps" still honours an explicit
        // per-event Timestamp, which we always set to the journal's.
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.EnableUniqueIndexOnEventId = true; // the second guard against a double append (journal.md §6.6)
        options.Events.AddEventType<ShippedEvent>();
        options.Schema.For<ClusterOwnershipInterval>().Identity(x => x.Id).Index(x => x.Ip);
        options.Schema.For<IpCurrentOwners>().Identity(x => x.Id);
        options.Schema.For<ClusterEni>().Identity(x => x.Id);
        options.Schema.For<SubnetUsage>().Identity(x => x.Id);
        options.Schema.For<NodeEc2Calls>().Identity(x => x.Id);
        if (role == ClusterStoreRole.Central)
        {
            // Only the central process runs projections; nodes and the CLI would otherwise warn that no daemon runs them.
            options.Projections.Add(new ClusterProjection(), ProjectionLifecycle.Async);
        }
    }

    /// <summary>
    /// The connection string for <paramref name="role"/>. Shippers keep one connection each: N nodes × a default pool of 100 would exhaust <c>max_connections</c>
    /// long before the events do. An explicit Maximum Pool Size in the string wins.
    /// </summary>
    public static string ConnectionStringFor(string connectionString, ClusterStoreRole role)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"the PostgreSQL connection string does not parse ({ex.Message}); expected 'Host=...;Port=5432;Username=...;Database=...'", nameof(connectionString), ex);
        }

        if (role == ClusterStoreRole.Shipper && !connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 1;
            builder.ConnectionIdleLifetime = 60;
        }

        return builder.ConnectionString;
    }
}
