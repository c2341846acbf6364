using EsCni.Bench.ReplayGenerator;
using EsCni.Domain.WarmPool;

namespace EsCni.Replay.Tests.WhatIf;

/// <summary>Two 24-hour journals the day generator wrote through the real Domain: one run with IP targets, one with WARM_ENI_TARGET=1.</summary>
public sealed class DayJournalFixture : IAsyncLifetime
{
    /// <summary>Noon of the generated day.</summary>
    public static readonly DateTimeOffset Noon = EsCni.Bench.ReplayGenerator.DayStory.Midnight.AddHours(12);

    /// <summary>The settings the IP-mode journal ran with.</summary>
    public static readonly WarmPoolTargets IpTargets = new(WarmIpTarget: 5, MinimumIpTarget: 16);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "escni-whatif-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Ran with WARM_IP_TARGET=5, MINIMUM_IP_TARGET=16.</summary>
    public string IpMode => Path.Combine(_root, "ip");

    /// <summary>Ran with the default WARM_ENI_TARGET=1.</summary>
    public string EniMode => Path.Combine(_root, "eni");

    /// <summary>What the generator saw of the IP-mode day (refused ADDs are not in the journal).</summary>
    public DayStory IpStory { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        IpStory = await DayStory.WriteAsync(IpMode, TimeSpan.FromHours(24), IpTargets);
        await DayStory.WriteAsync(EniMode, TimeSpan.FromHours(24), new WarmPoolTargets());
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
