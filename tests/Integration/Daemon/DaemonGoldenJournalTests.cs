using System.Text.Json;
using EsCni.Integration.Support;

namespace EsCni.Integration.Daemon;

/// <summary>
/// The real escni-ipamd started on a copy of each golden journal (tests/Golden: journals written by older releases)
/// serves every pod that release's daemon listed, with the same IP, before it has asked EC2 anything.
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
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["ESCNI_JOURNAL_SEGMENT_MIB"] = "2" });
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
    }

    private static IEnumerable<string> Owners(JsonElement pods) =>
        pods.EnumerateArray()
            .Select(p => $"{p.GetProperty("ip").GetString()} {p.GetProperty("containerId").GetString()} {p.GetProperty("podNamespace").GetString()}/{p.GetProperty("podName").GetString()}")
            .Order(StringComparer.Ordinal);
}
