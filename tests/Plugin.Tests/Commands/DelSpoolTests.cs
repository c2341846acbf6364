extern alias plugin;

using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;
using Grpc.Core;
using plugin::EsCni.Plugin.Spool;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>
/// DEL with the daemon away: it waits for a restarting daemon, and when the daemon stays away it makes the release
/// durable in the spool before succeeding (real namespaces, the published plugin, a real unix-socket gRPC server).
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class DelSpoolTests(PluginFixture fixture)
{
    [Fact]
    public void SpoolFileName_SameNameAsTheDaemonGives()
    {
        // tests/Ipamd.Tests/Spool/DelSpoolTests.cs pins the same value for the daemon's side.
        Assert.Equal("del-d43c870e52290ce2bcf973fe95710f18052e1b19.json", SpoolFileName.For("escni", "abc123", "eth0"));
    }

    [Fact]
    public void Del_DaemonUnreachable_SpoolsTheReleaseWithIpAndRequestIdThenSucceeds()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");
        pod.AddOrFail();
        string config = fixture.Config("1.1.0", pod.AddResult, socket: "/run/escni-pt-missing/ipamd.sock", extra: ", \"delDaemonWaitSeconds\": 0.3");

        Shell.Result result = fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "eth0", config);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        string entryPath = Path.Combine(fixture.SpoolDirectory, SpoolFileName.For(PluginFixture.NetworkName, pod.ContainerId, "eth0"));
        Assert.True(File.Exists(entryPath), $"no spool entry {entryPath}: {result.Stderr}");
        using JsonDocument entry = JsonDocument.Parse(File.ReadAllBytes(entryPath));
        JsonElement root = entry.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(PluginFixture.NetworkName, root.GetProperty("networkName").GetString());
        Assert.Equal(pod.ContainerId, root.GetProperty("containerId").GetString());
        Assert.Equal("eth0", root.GetProperty("ifName").GetString());
        Assert.Equal(pod.PodIp, root.GetProperty("ip").GetString());
        string requestId = root.GetProperty("requestId").GetString()!;
        Assert.Contains("spooled", result.Stderr);

        // The plugin log line that says so carries the same request id, which the daemon journals with the release.
        Assert.Contains(File.ReadLines(Path.Combine(fixture.LogDirectory, "plugin.log")),
            l => l.Contains($"[{requestId}]", System.StringComparison.Ordinal) && l.Contains("release spooled", System.StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(fixture.SpoolDirectory, "*.tmp"));
        Assert.Empty(AddCommandTests.PodRules(pod.Node, pod.PodIp));
        File.Delete(entryPath);
    }

    [Fact]
    public async Task Del_DaemonBackWithinTheWait_ReleasedByTheDaemonAndNothingSpooled()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");
        pod.AddOrFail();
        string socketDirectory = Directory.CreateTempSubdirectory("escni-pt-late-").FullName;
        string socket = Path.Combine(socketDirectory, "ipamd.sock");
        try
        {
            string config = fixture.Config("1.1.0", pod.AddResult, socket: socket, extra: ", \"delDaemonWaitSeconds\": 30");
            Task<Shell.Result> del = Task.Run(() => fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "eth0", config));

            // The daemon "comes back": its socket appears while the DEL is retrying.
            Thread.Sleep(700);
            File.CreateSymbolicLink(socket, fixture.Ipamd.SocketPath);
            Shell.Result result = await del;

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.Contains(fixture.Ipamd.CallsOf<DelNetworkRequest>(), r => r.ContainerId == pod.ContainerId);
            Assert.Contains("released", result.Stderr + File.ReadAllText(Path.Combine(fixture.LogDirectory, "plugin.log")));
            Assert.False(File.Exists(Path.Combine(fixture.SpoolDirectory, SpoolFileName.For(PluginFixture.NetworkName, pod.ContainerId, "eth0"))));
        }
        finally
        {
            Directory.Delete(socketDirectory, recursive: true);
        }
    }

    [Fact]
    public void Del_DaemonRefuses_SpoolsAfterOneAttempt()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        fixture.Ipamd.FailEverythingWith = StatusCode.FailedPrecondition;
        Shell.Result result;
        try
        {
            // A refusal is not retried (it will not change by asking again): exactly one DelNetwork reaches the daemon.
            result = pod.Invoke("DEL", prevResult: pod.AddResult);
        }
        finally
        {
            fixture.Ipamd.FailEverythingWith = null;
        }

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Single(fixture.Ipamd.CallsOf<DelNetworkRequest>(), r => r.ContainerId == pod.ContainerId);
        string entryPath = Path.Combine(fixture.SpoolDirectory, SpoolFileName.For(PluginFixture.NetworkName, pod.ContainerId, "eth0"));
        Assert.True(File.Exists(entryPath), result.Stderr);
        File.Delete(entryPath);
    }

    [Fact]
    public void Del_SpoolNotWritable_FailsWithIoErrorAfterCleaningTheHost()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string blocker = Path.Combine(fixture.LogDirectory, $"not-a-directory-{pod.ContainerId}");
        File.WriteAllText(blocker, "a file where the spool's parent should be");
        string config = fixture.Config("1.0.0", pod.AddResult, socket: "/run/escni-pt-missing/ipamd.sock",
            extra: $", \"delDaemonWaitSeconds\": 0, \"spoolDir\": \"{blocker}/spool\"");

        Shell.Result result = fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "eth0", config);

        // The runtime must call DEL again (only a failed DEL is retried); the host side is already clean.
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(5, AddCommandTests.Error(result).Code);
        Assert.Contains("could not be spooled", AddCommandTests.Error(result).Msg);
        Assert.Empty(AddCommandTests.PodRules(pod.Node, pod.PodIp));
    }

    [Theory]
    [InlineData(", \"spoolDir\": \"relative/spool\"", "spoolDir")]
    [InlineData(", \"delDaemonWaitSeconds\": 61", "delDaemonWaitSeconds")]
    [InlineData(", \"delDaemonWaitSeconds\": -1", "delDaemonWaitSeconds")]
    public void Del_InvalidSpoolSettings_RefusedWithCode7NamingTheKey(string extra, string key)
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");

        Shell.Result result = fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "eth0", fixture.Config("1.0.0", extra: extra));

        Assert.Equal(7, AddCommandTests.Error(result).Code);
        Assert.Contains(key, AddCommandTests.Error(result).Msg);
    }
}
