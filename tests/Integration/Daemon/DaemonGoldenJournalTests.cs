using System.Net;
using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// The real escni-ipamd started on a copy of each golden journal (tests/Golden: journals written by older releases)
/// serves every pod that release's daemon listed, with the same IP, before it has asked EC2 anything. It starts in the
/// mode the journal was written in (the fixture's node/daemon.env: prefix delegation, IPv6) against the same simulator
/// scenario (node/scenario.json), so an IPv6 journal is read by an IPv6 daemon; fixtures without node/ (v0.1) were
/// written in the default mode.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonGoldenJournalTests
{
    public static TheoryData<string> GoldenJournals()
    {
        TheoryData<string> data = [];
        string root = Path.Combine(RepoPaths.Root, "tests", "Golden");
        foreach (string journal in Directory.EnumerateDirectories(root, "journal", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, Path.GetDirectoryName(journal)!));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenJournals))]
    public async Task Start_OnGoldenJournalCopy_ListsEveryPodWithItsIp(string golden)
    {
        string fixture = Path.Combine(RepoPaths.Root, "tests", "Golden", golden);
        GoldenJournal journal = GoldenJournal.Get(golden);
        var environment = new Dictionary<string, string>(journal.DaemonSettings()) { ["ESCNI_JOURNAL_SEGMENT_MIB"] = "2" };
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", environment, scenarioJson: journal.SimulatorScenario());
        Directory.CreateDirectory(stack.JournalDirectory);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(fixture, "journal")))
        {
            File.Copy(file, Path.Combine(stack.JournalDirectory, Path.GetFileName(file)));
        }

        await stack.StartDaemonAsync();
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");

        using JsonDocument live = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(fixture, "live", "pods.json")));
        Assert.NotEmpty(live.RootElement.EnumerateArray());
        Assert.Equal(Owners(live.RootElement), Owners(pods));
        Assert.Contains(Directory.EnumerateFiles(stack.JournalDirectory), f => f.Contains(".broken-", StringComparison.Ordinal));
        if (environment.GetValueOrDefault("ENABLE_IPv6") == "true")
        {
            await AssertNewIpv6PodGetsAFreshAddressOfTheJournalsPrefixAsync(stack, live.RootElement);
        }
    }

    // Only a daemon in IPv6 mode answers an ADD with an IPv6 address: from the /80 the journal holds (EC2 is not asked
    // for another), past every address the older release handed out.
    private static async Task AssertNewIpv6PodGetsAFreshAddressOfTheJournalsPrefixAsync(NodeStack stack, JsonElement livePods)
    {
        JsonElement pool = await stack.GetJsonAsync("/v1/pool");
        IPNetwork prefix = IPNetwork.Parse(Assert.Single(pool.GetProperty("ipv6").GetProperty("prefixes").EnumerateArray()).GetProperty("prefix").GetString()!);
        using GrpcChannel channel = stack.OpenChannel();
        AddNetworkReply reply = await new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("golden-upgrade-pod"));
        IPAddress address = IPAddress.Parse(Assert.Single(reply.IpAllocationMetadata).Ipv6Addr);

        Assert.True(prefix.Contains(address), $"{address} is not in the journal's {prefix}");
        Assert.DoesNotContain(address.ToString(), livePods.EnumerateArray().Select(p => p.GetProperty("ip").GetString()));
    }

    private static IEnumerable<string> Owners(JsonElement pods) =>
        pods.EnumerateArray()
            .Select(p => $"{p.GetProperty("ip").GetString()} {p.GetProperty("containerId").GetString()} {p.GetProperty("podNamespace").GetString()}/{p.GetProperty("podName").GetString()}")
            .Order(StringComparer.Ordinal);
}
