using System.Threading;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class ReplayActionTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Theory]
    [InlineData("replay", "who-had", "10.0.1.300", "--journal", "{dir}")]
    [InlineData("replay", "who-had", "10.0.1.10", "--journal", "{dir}", "--at", "yesterday")]
    [InlineData("replay", "who-had", "10.0.1.10", "--journal", "{dir}", "--at", "-15m", "--from", "-1h")]
    [InlineData("replay", "state", "--journal", "{dir}", "--at", "-1h", "--lsn", "3")]
    [InlineData("replay", "state", "--journal", "{dir}", "--lsn", "999")]
    [InlineData("replay", "state", "--journal", "{dir}", "--lsn", "three")]
    [InlineData("replay", "state")]
    [InlineData("replay", "timeline", "--journal", "{dir}")]
    [InlineData("replay", "timeline", "--journal", "{dir}", "--ip", "10.0.1.10", "--eni", "eni-primary")]
    [InlineData("replay", "timeline", "--journal", "{dir}", "--pod", "web-1")]
    [InlineData("replay", "diff", "--journal", "{dir}")]
    [InlineData("replay", "diff", "--journal", "{dir}", "--from", "-1h", "--to", "-2h")]
    [InlineData("replay", "dump", "--journal", "{dir}", "--from-lsn", "9", "--to-lsn", "3")]
    [InlineData("replay", "stats", "--journal", "{dir}", "--top", "0")]
    [InlineData("replay", "frobnicate", "--journal", "{dir}")]
    [InlineData("replay")]
    public async Task Run_BadArguments_PrintsUsageAndExits64WithoutStackTrace(params string[] args)
    {
        string[] resolved = System.Array.ConvertAll(args, a => a.Replace("{dir}", fixture.Dir, System.StringComparison.Ordinal));

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync(resolved);

        Assert.True(exit == 64, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("Usage:", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Theory]
    [InlineData("who-had", "10.0.1.10")]
    [InlineData("state", "--node", "node-a")]
    public async Task Run_PostgresVerbCancelled_StopsAndExits130(params string[] verb)
    {
        using var ctrlC = new CancellationTokenSource();
        await ctrlC.CancelAsync();

        // Nothing listens on port 1: a query not given the token would fail to connect instead of stopping.
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync(ctrlC.Token, ["replay", .. verb, "--postgres", "Host=127.0.0.1;Port=1;Username=none"]);

        Assert.True(exit == 130, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.StartsWith("error: cancelled", stderr);
    }
}
