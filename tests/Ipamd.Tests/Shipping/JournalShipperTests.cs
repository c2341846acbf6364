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

    [Theory]
    [InlineData(null, "i-0abc123", "i-0abc123")]
    [InlineData(" node-7 ", "i-0def456", "node-7")] // another instance: the synthetic events' ids derive from it, and one database holds both cases
    public async Task StartAsync_NodeNameSetting_ShipsUnderItElseTheInstanceIdOfNodeStarted(string? nodeNameVariable, string instanceId, string expectedNode)
    {
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn(instanceId, 300, "10.6.0.10"));
        var variables = new Dictionary<string, string> { ["ESCNI_POSTGRES"] = _db.ConnectionString };
        if (nodeNameVariable is not null)
        {
            variables["NODE_NAME"] = nodeNameVariable;
        }

        IpamdSettings settings = IpamdSettings.Read(new SettingsReader(variables));
        var metrics = new IpamdMetrics(new CollectorRegistry());
        using var service = new JournalShipper(node.Journal, settings, metrics, NullLogger<JournalShipper>.Instance, TimeProvider.System, new StartedLifetime());

        await service.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => service.Shipper is { } s && s.ShippedLsn == node.Journal.LastLsn, "the hosted shipper to catch up", ShippingHarness.Patience);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(ClusterStreams.KeyFor(expectedNode, node.Journal.Incarnation), service.Shipper!.StreamKey);
        Assert.Equal(300, (await ShippingHarness.ReadStreamAsync(_db.ConnectionString, service.Shipper.StreamKey)).Count);
        Assert.Equal(0, metrics.JournalUnshippedBytes.Value);
    }
}
