using System.Text.Json;
using EsCni.Testing;

namespace EsCni.Replay.Tests.WhatIf;

/// <summary><c>replay what-if</c> through the command line an operator types: table, JSON, plot and the usage errors.</summary>
public sealed class WhatIfCommandTests(DayJournalFixture day) : IClassFixture<DayJournalFixture>
{
    [Fact]
    public async Task WhatIf_TwoScenarios_PrintsActualNextToEach()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "--journal", day.IpMode,
            "--scenario", "as-run:WARM_IP_TARGET=5,MINIMUM_IP_TARGET=16", "--scenario", "lean:WARM_IP_TARGET=1");

        Assert.True(exit == 0, stderr);
        string header = stdout.Split('\n').Single(l => l.TrimStart().StartsWith("actual", StringComparison.Ordinal));
        Assert.Contains("as-run", header, StringComparison.Ordinal);
        Assert.Contains("lean", header, StringComparison.Ordinal);
        Assert.Contains("not journaled", stdout, StringComparison.Ordinal);
        Assert.Contains("idle IP-hours", stdout, StringComparison.Ordinal);
        Assert.Contains("from the daemon's first start (cold)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_Json_HasActualAndEveryScenarioWithItsWaits()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", day.IpMode, "--json",
            "--set", "WARM_IP_TARGET=1", "--from", "2026-11-27T08:00:00Z", "--to", "2026-11-27T12:00:00Z");

        Assert.True(exit == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.False(root.GetProperty("window").GetProperty("coldStart").GetBoolean());
        Assert.True(root.GetProperty("actual").GetProperty("totalCalls").GetInt32() > 0);
        JsonElement set = Assert.Single(root.GetProperty("scenarios").EnumerateArray());
        Assert.Equal("set", set.GetProperty("name").GetString());
        Assert.Equal("WARM_IP_TARGET=1", set.GetProperty("settings").GetString());
        int waited = set.GetProperty("waitedAdds").GetInt32();
        Assert.True(waited > 0, "one free IP cannot absorb a morning's arrivals");
        Assert.Equal(waited, set.GetProperty("waits").GetArrayLength());
    }

    [Fact]
    public async Task WhatIf_Plot_WritesAnSvgWithEachSettingsSetAndTheFailures()
    {
        string svg = Path.Combine(Path.GetTempPath(), "escni-whatif-" + Guid.NewGuid().ToString("N")[..8] + ".svg");
        try
        {
            (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", day.IpMode,
                "--scenario", "lean:WARM_IP_TARGET=1", "--scenario", "roomy:WARM_ENI_TARGET=2", "--plot", svg);

            Assert.True(exit == 0, stderr);
            Assert.Contains(svg, stdout, StringComparison.Ordinal);
            string text = await File.ReadAllTextAsync(svg);
            Assert.StartsWith("<?xml", text, StringComparison.Ordinal);
            Assert.Contains("<svg", text, StringComparison.Ordinal);
            Assert.Contains(">lean</text>", text, StringComparison.Ordinal);
            Assert.Contains(">roomy</text>", text, StringComparison.Ordinal);
            Assert.Matches("lean: [0-9]+ ADDs waited", text);
            Assert.DoesNotContain("roomy: ", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Theory]
    [InlineData("WARM_IP_TARGT=3", "'WARM_IP_TARGT' is not a setting what-if replays")]
    [InlineData("WARM_PREFIX_TARGET=1", "prefix delegation is not modelled yet")]
    [InlineData("WARM_IP_TARGET=-1", "WARM_IP_TARGET: '-1' is not a whole number")]
    [InlineData("MAX_ENI=0", "MAX_ENI must be at least 1")]
    public async Task WhatIf_BadSetting_ExitsUsageNamingIt(string setting, string expected)
    {
        (int exit, _, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", day.IpMode, "--set", setting);

        Assert.Equal(ReplayExitCodes.Usage, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_NoSettings_ExitsUsageSayingHowToGiveThem()
    {
        (int exit, _, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", day.IpMode);

        Assert.Equal(ReplayExitCodes.Usage, exit);
        Assert.Contains("--scenario NAME:K=V,K=V", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_SameNameTwice_ExitsUsage()
    {
        (int exit, _, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", day.IpMode, "--scenario", "a:WARM_ENI_TARGET=1", "--scenario", "a:WARM_ENI_TARGET=2");

        Assert.Equal(ReplayExitCodes.Usage, exit);
        Assert.Contains("scenario name 'a' is used twice", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_GoldenJournalOfARealRun_ReplaysItsDemand()
    {
        // tests/Golden v0.1 "small" was written by the real daemon against the EC2 simulator: real intent → outcome times.
        string copy = GoldenJournal.Get("v0.1/small").CopyJournal();
        try
        {
            (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "-j", copy, "--json", "--set", "WARM_IP_TARGET=1");

            Assert.True(exit == 0, stderr);
            using JsonDocument doc = JsonDocument.Parse(stdout);
            Assert.True(doc.RootElement.GetProperty("window").GetProperty("adds").GetInt32() > 0);
            Assert.Contains(doc.RootElement.GetProperty("ec2Model").EnumerateArray(), api => api.GetProperty("observed").GetInt32() > 0);
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }
}
