using EsCni.Ipamd.Configuration;
using EsCni.Ipamd.Hosting;
using EsCni.Ipamd.Metrics;
using EsCni.ClusterStore.Shipping;
using EsCni.Ipamd.Tests.Support;
using EsCni.ClusterStore;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Shipping;

/// <summary>The daemon's hosted service: configured by ESCNI_POSTGRES, names the stream after the node, ships in the background.</summary>
public sealed class JournalShipperTests : IClassFixture<ClusterTestDatabase>
{
    private readonly ClusterTestDatabase _db;

    public JournalShipperTests(ClusterTestDatabase db) => _db = db;

    [Fact]
    public async Task StartAsync_NoNodeNameVariable_ShipsUnderTheInstanceIdOfNodeStarted()
    {
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-0abc123", 300, "10.6.0.10"));
        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(new Dictionary<string, string> { ["ESCNI_POSTGRES"] = _db.ConnectionString }));
        var metrics = new IpamdMetrics(new CollectorRegistry());
        using var service = new JournalShipper(node.Journal, settings, metrics, NullLogger<JournalShipper>.Instance, TimeProvider.System, new StartedLifetime());

        await service.StartAsync(CancellationToken.None);
        await ShippingHarness.WaitForAsync(() => service.Shipper is { } s && s.ShippedLsn == node.Journal.LastLsn, "the hosted shipper to catch up");
        await service.StopAsync(CancellationToken.None);

        string expectedNode = Environment.GetEnvironmentVariable(NodeName.Variable) is { Length: > 0 } set ? set.Trim() : "i-0abc123";
        Assert.Equal(ClusterStreams.KeyFor(expectedNode, node.Journal.Incarnation), service.Shipper!.StreamKey);
        Assert.Equal(300, (await ShippingHarness.ReadStreamAsync(_db.ConnectionString, service.Shipper.StreamKey)).Count);
        Assert.Equal(0, metrics.JournalUnshippedBytes.Value);
    }
}
