using EsCni.Domain.Net;
using EsCni.Ipamd.Cli.Projections;
using EsCni.ClusterStore;
using EsCni.Testing;
using Marten;

namespace EsCni.Ipamd.Tests.Shipping;

/// <summary><c>escni-ipamd projections migrate|run</c> against a real PostgreSQL: schema from nothing, then the central process projecting shipped events.</summary>
public sealed class ProjectionsCommandTests : IClassFixture<EmptyClusterDatabase>
{
    private readonly EmptyClusterDatabase _db;

    public ProjectionsCommandTests(EmptyClusterDatabase db) => _db = db;

    [Fact]
    public async Task MigrateThenRun_EmptyDatabase_CreatesSchemaAndProjectsShippedEvents()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await ProjectionsMigrateCommand.RunAsync(_db.ConnectionString, stdout, stderr, CancellationToken.None));
        Assert.Contains("up to date", stdout.ToString(), StringComparison.Ordinal);

        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-central", 204, "10.7.0.10")); // last pod still holds its IP
        node.StartShipping(_db.ConnectionString, "node-central"); // a shipper never creates schema: this works only because migrate ran
        await node.WaitShippedAsync();

        using var stop = new CancellationTokenSource();
        Task<int> central = ProjectionsRunCommand.RunAsync(_db.ConnectionString, TextWriter.Null, stderr, stop.Token);
        using DocumentStore reader = ClusterDocumentStore.Open(_db.ConnectionString, ClusterStoreRole.Reader);
        IReadOnlyList<ClusterOwnershipInterval> owners = [];
        var lastPodIp = new Ipv4Address(Ipv4Address.Parse("10.7.0.10").Value + 100 % 20);
        await Poll.UntilAsync(async () =>
        {
            await using IQuerySession query = reader.QuerySession();
            owners = await ClusterQueries.WhoHadAsync(query, lastPodIp, DateTimeOffset.MaxValue, CancellationToken.None);
            return owners.Count == 1;
        }, "the central process to project the shipped allocations", ShippingHarness.Patience);
        await stop.CancelAsync();

        Assert.Equal(0, await central);
        Assert.Equal(("node-central", "pod-100"), (owners[0].Node, owners[0].PodName));
        Assert.Equal(string.Empty, stderr.ToString());
    }
}
