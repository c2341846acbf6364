using EsCni.Bench.ReplayGenerator;
using EsCni.Domain.WarmPool;
using EsCni.Testing;

namespace EsCni.Replay.Tests.WhatIf;

/// <summary><c>replay what-if --postgres</c>: two nodes on one small subnet ship their days; the subnet view says which settings would have run it dry, and when.</summary>
public sealed class ClusterWhatIfTests : IAsyncLifetime
{
    private readonly ClusterTestDatabase _db = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "escni-whatif-cluster-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task WhatIf_TwoNodesOnASlash26_RoomySettingsRunTheSubnetOutLeanOnesDoNot()
    {
        // 59 usable addresses; two nodes holding two spare ENIs' worth each (WARM_ENI_TARGET=2: 28 free IPs + 3 ENIs)
        // need more than that, two nodes keeping one free IP need a fraction of it.
        const string Cidr = "10.0.32.0/26";
        foreach ((string node, int seed) in new[] { ("node-a", 1), ("node-b", 2) })
        {
            string dir = Path.Combine(_root, node);
            await DayStory.WriteAsync(dir, TimeSpan.FromHours(6), new WarmPoolTargets(WarmIpTarget: 2, MinimumIpTarget: 8), seed, "i-" + node, Cidr);
            await using ShippingHarness shipping = await ShippingHarness.CreateAsync(dir);
            shipping.StartShipping(_db.ConnectionString, node);
            await shipping.WaitShippedAsync();
        }

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "--postgres", _db.ConnectionString,
            "--scenario", "roomy:WARM_ENI_TARGET=2", "--scenario", "lean:WARM_IP_TARGET=1");

        Assert.True(exit == 0, stderr);
        Assert.Contains("== node node-a", stdout, StringComparison.Ordinal);
        Assert.Contains("== node node-b", stdout, StringComparison.Ordinal);
        string[] lines = stdout.Split('\n').SkipWhile(l => !l.StartsWith("subnets (", StringComparison.Ordinal)).ToArray();
        string subnet = Assert.Single(lines, l => l.StartsWith("subnet-0day", StringComparison.Ordinal));
        Assert.Contains("10.0.32.0/26  59", subnet, StringComparison.Ordinal);
        Assert.Contains("2", subnet, StringComparison.Ordinal);
        Assert.Contains("would have run out at 2026-11-27T", Assert.Single(lines, l => l.Contains(" roomy ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("never ran out", Assert.Single(lines, l => l.Contains(" lean ", StringComparison.Ordinal)), StringComparison.Ordinal);

        // One node only, with its plot.
        string svg = Path.Combine(_root, "a.svg");
        (exit, stdout, stderr) = await ReplayCli.RunAsync("replay", "what-if", "--postgres", _db.ConnectionString, "--node", "node-a", "--set", "WARM_IP_TARGET=1", "--plot", svg);
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("== node node-b", stdout, StringComparison.Ordinal);
        Assert.Contains(">set</text>", await File.ReadAllTextAsync(svg), StringComparison.Ordinal);
    }
}
