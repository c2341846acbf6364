using System.Threading.Tasks;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>
/// The IPv4 scenario journal (<see cref="ScenarioJournal"/>, LSNs 1–25) continued as the node turns to IPv6, written
/// through NodePool.Decide like the daemon: the /80 requested [26] and added [27] at T0+300s, web-7 gets offset 1
/// [28] at T0+310s, web-8 offset 2 [29] at T0+320s, web-7 deleted [30] at T0+400s, web-9 gets offset 3 [31] at T0+410s.
/// </summary>
public sealed class Ipv6ScenarioFixture : IAsyncLifetime
{
    /// <summary>The node's /80.</summary>
    public static readonly Ipv6Prefix Slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");

    /// <summary>The scenario; closed, like a directory copied off a node.</summary>
    public ScenarioJournal Scenario { get; private set; } = null!;

    /// <summary>Its directory.</summary>
    public string Dir => Scenario.Directory;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Scenario = await ScenarioJournal.CreateAsync();
        Cause startup = Cause.Of(CauseKind.Startup);
        await Scenario.DecideAsync(new RequestIpv6Prefix(ScenarioJournal.At(300), startup, "eni-primary"));
        await Scenario.DecideAsync(new RecordIpv6PrefixAdded(ScenarioJournal.At(300), new Cause(CauseKind.Startup, null, "aws-assign-v6", null), "eni-primary", Slash80, Ipv6PrefixAdded.FromEc2));
        await Scenario.DecideAsync(Allocate(310, 7));
        await Scenario.DecideAsync(Allocate(320, 8));
        await Scenario.DecideAsync(new ReleaseIpByKey(ScenarioJournal.At(400), new Cause(CauseKind.CniRequest, "del-7", null, null), ScenarioJournal.Key(7), ReleaseReason.CniDel));
        await Scenario.DecideAsync(Allocate(410, 9));
        // Host evidence: a pod the journal does not know uses offset 9, so the cursor moves past it.
        await Scenario.DecideAsync(new AdvanceIpv6Cursor(ScenarioJournal.At(600), Cause.Of(CauseKind.Reconciler), Slash80.AddressAt(9), "host route 2600:1f14:abc:de01:1234::9/128 dev eni5a"));
        await Scenario.CloseAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Scenario.DisposeAsync();

    private static AllocateIpv6 Allocate(double seconds, int n) =>
        new(ScenarioJournal.At(seconds), new Cause(CauseKind.CniRequest, $"add-{n}", null, null), ScenarioJournal.Key(n), ScenarioJournal.Pod(n), $"/var/run/netns/cni-{n}");
}
