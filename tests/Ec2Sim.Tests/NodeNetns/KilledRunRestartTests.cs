using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Testing;

namespace EsCni.Ec2Sim.Tests.NodeNetns;

/// <summary>The simulator process, SIGKILLed with --node-netns, starts again on the same namespace and hot-plugs.</summary>
/// <remarks>
/// It runs under `unshare --mount --propagation slave`: the mount namespace of its own that `ip netns exec` gives it
/// in the demo and the Integration tests (where the killed run's "-nics" namespace turns into an empty file), while
/// its port stays reachable from this test's network namespace.
/// </remarks>
public sealed class KilledRunRestartTests
{
    [Fact]
    public async Task Start_AfterSigkillOnSameNodeNetns_BecomesReadyAndHotplugsAgain()
    {
        string netns = NodeLinks.UniqueNamespaceName();
        NodeLinks.Run("ip", "netns", "add", netns);
        Process? first = null;
        Process? second = null;
        try
        {
            first = StartSimulator(netns, out ConcurrentQueue<string> firstStderr);
            await HotplugEth2Async(first, netns, firstStderr);
            Assert.False(first.HasExited, "the first simulator must still be running when it is killed");
            first.Kill(); // SIGKILL: nothing is cleaned up
            await first.WaitForExitAsync();

            second = StartSimulator(netns, out ConcurrentQueue<string> stderr);
            await HotplugEth2Async(second, netns, stderr);

            Assert.NotNull(NodeLinks.Find(netns, "eth0"));
            Assert.Contains(stderr, l => l.Contains($"removed the peer namespace {netns}-nics left by an earlier run", StringComparison.Ordinal)
                || l.Contains("removed eth0 (02:00:0a:0a:00:0a) left by an earlier run", StringComparison.Ordinal));
        }
        finally
        {
            foreach (Process? process in new[] { first, second })
            {
                if (process is { HasExited: false })
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }
                process?.Dispose();
            }
            NodeLinks.Run("ip", "netns", "del", netns + "-nics");
            NodeLinks.Run("ip", "netns", "del", netns);
        }
    }

    private static Process StartSimulator(string netns, out ConcurrentQueue<string> stderr)
    {
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--mount", "--propagation", "slave", "dotnet", Path.Combine(AppContext.BaseDirectory, "EsCni.Ec2Sim.dll"), "--port", "0", "--node-netns", netns })
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        stderr = lines;
        return process;
    }

    /// <summary>Waits for the listening line, then creates and attaches an ENI at device index 2 and waits for eth2.</summary>
    private static async Task HotplugEth2Async(Process simulator, string netns, ConcurrentQueue<string> stderr)
    {
        string? line = await simulator.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Match listening = Regex.Match(line ?? "", @"^listening on (http://127\.0\.0\.1:\d+)$");
        Assert.True(listening.Success, $"the simulator did not become ready: first stdout line '{line}'; stderr: {string.Join('\n', stderr)}");

        using AmazonEC2Client ec2 = SimClients.Ec2(new Uri(listening.Groups[1].Value + "/"));
        NetworkInterface eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0sim000000000001" })).NetworkInterface;
        await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest
        {
            NetworkInterfaceId = eni.NetworkInterfaceId,
            InstanceId = "i-0sim00000000000001",
            DeviceIndex = 2,
        });
        await Poll.UntilAsync(() => NodeLinks.Find(netns, "eth2") is JsonElement eth2 && eth2.GetProperty("address").GetString() == eni.MacAddress, "eth2 with the new ENI's MAC");
    }
}
