using System.Text.Json;
using EsCni.ContainerRuntime.Cri;
using EsCni.Integration.Support;
using EsCni.Testing;
using Xunit.Abstractions;

namespace EsCni.Integration.Containerd;

/// <summary>
/// Pods through a real container runtime: a private containerd 1.6 (Debian) with its CRI plugin runs the escni plugin,
/// driven by <see cref="EsCni.ContainerRuntime.CriRuntimeClient"/> with the calls and pod config kubelet sends.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class ContainerdCriTests(ITestOutputHelper output)
{
    [ContainerdFact]
    public async Task RunPodSandbox_KubeletPodConfig_PodGetsIpWithItsIdentityAndAnswers_StopReleases()
    {
        await using ContainerdNode node = await ContainerdNode.StartAsync();
        VersionResponse version = await node.Cri.VersionAsync();
        Assert.Equal(("containerd", "v1"), (version.RuntimeName, version.RuntimeApiVersion));
        CriPod[] pods = await RunPodsAsync(node, "web", 3);

        IReadOnlyList<JsonElement> allocations = await node.AllocationsAsync();
        foreach (CriPod pod in pods)
        {
            Assert.False(string.IsNullOrEmpty(pod.Ip), $"sandbox {pod.SandboxId} has no IP in PodSandboxStatus");
            // The CNI_ARGS kubelet's path sends (K8S_POD_NAMESPACE/NAME/INFRA_CONTAINER_ID/UID) as the daemon recorded them.
            JsonElement allocation = Assert.Single(allocations, a => a.GetProperty("containerId").GetString() == pod.SandboxId);
            Assert.Equal(pod.Ip, allocation.GetProperty("ip").GetString());
            Assert.Equal(pod.Namespace, allocation.GetProperty("podNamespace").GetString());
            Assert.Equal(pod.Name, allocation.GetProperty("podName").GetString());
            Assert.Equal(pod.Uid, allocation.GetProperty("podUid").GetString());
            Assert.Equal(SandboxImage.Page, await node.GetFromPodAsync(pod.Ip));
        }

        Assert.Equal(pods.Length, pods.Select(p => p.Ip).Distinct().Count());

        await node.Cri.StopPodSandboxAsync(pods[0].SandboxId);
        Assert.Equal(PodSandboxState.SandboxNotready, (await node.Cri.PodSandboxStatusAsync(pods[0].SandboxId)).State);
        allocations = await node.AllocationsAsync();
        Assert.DoesNotContain(allocations, a => a.GetProperty("containerId").GetString() == pods[0].SandboxId);
        Assert.All(pods[1..], p => Assert.Contains(allocations, a => a.GetProperty("containerId").GetString() == p.SandboxId));

        await node.Cri.RemovePodSandboxAsync(pods[0].SandboxId);
        Assert.DoesNotContain(await node.Cri.ListPodSandboxAsync(), s => s.Id == pods[0].SandboxId);
    }

    [ContainerdFact]
    public async Task ContainerdRestarted_RunningPods_KeepTheirIpsAndKeepAnswering()
    {
        await using ContainerdNode node = await ContainerdNode.StartAsync();
        CriPod[] pods = await RunPodsAsync(node, "keep", 3);

        await node.Containerd.StopAsync();
        await node.Containerd.StartAsync();

        IReadOnlyList<JsonElement> allocations = await node.AllocationsAsync();
        foreach (CriPod pod in pods)
        {
            PodSandboxStatus status = await node.Cri.PodSandboxStatusAsync(pod.SandboxId);
            Assert.Equal(PodSandboxState.SandboxReady, status.State);
            Assert.Equal(pod.Ip, status.Network.Ip);
            Assert.Equal(pod.Ip, Assert.Single(allocations, a => a.GetProperty("containerId").GetString() == pod.SandboxId).GetProperty("ip").GetString());
            Assert.Equal(SandboxImage.Page, await node.GetFromPodAsync(pod.Ip));
        }

        Assert.Equal(pods.Length, allocations.Count);

        // The restarted runtime still tears down what it set up before the restart.
        await node.Cri.StopPodSandboxAsync(pods[0].SandboxId);
        Assert.DoesNotContain(await node.AllocationsAsync(), a => a.GetProperty("containerId").GetString() == pods[0].SandboxId);
    }

    /// <summary>
    /// The runtime GC over the real CRI client: an allocation no sandbox stands for (an ADD through the plugin alone, as
    /// a runtime that lost its sandbox record leaves) is released as RuntimeGc with its evidence, while containerd
    /// restarting between passes (failed answers, then a full one) releases none of the running pods' IPs.
    /// </summary>
    [ContainerdFact]
    public async Task RuntimeGc_OrphanAllocationReleased_ContainerdRestartKeepsRunningPods()
    {
        await using ContainerdNode node = await ContainerdNode.StartAsync();
        CriPod[] pods = await RunPodsAsync(node, "gc", 2);
        node.Stack.SetDaemonVariable("ESCNI_CRI_GC", "true");
        node.Stack.SetDaemonVariable("ESCNI_CRI_SOCKET", node.Containerd.SocketPath);
        node.Stack.SetDaemonVariable("ESCNI_CRI_GC_INTERVAL_S", "1");
        node.Stack.SetDaemonVariable("ESCNI_CRI_GC_GRACE_S", "3");
        node.Stack.SetDaemonVariable("ESCNI_CRI_GC_CONFIRMATIONS", "2");
        await node.Stack.Daemon.KillHardAsync(); // the socket must exist when the daemon starts for the GC to be on
        await node.Stack.StartDaemonAsync();

        var plugin = new PluginRunner(node.Stack);
        using NetworkNamespace orphanNetns = NetworkNamespace.Create("escni-gc");
        System.Text.Json.Nodes.JsonObject config = plugin.EscniConfig(Path.Combine(node.Stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.0.0";
        config["name"] = "escni";
        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-no-sandbox", orphanNetns.Path);
        Assert.True(add.ExitCode == 0, add.ToString());
        string orphanIp = add.Json().RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];

        await node.Containerd.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // passes that get no answer
        await node.Containerd.StartAsync();

        await Poll.UntilAsync(
            async () => !(await node.AllocationsAsync()).Any(a => a.GetProperty("containerId").GetString() == "ctr-no-sandbox"),
            "the runtime GC to release the allocation no sandbox stands for", TimeSpan.FromSeconds(60));
        IReadOnlyList<JsonElement> allocations = await node.AllocationsAsync();
        foreach (CriPod pod in pods)
        {
            Assert.Equal(pod.Ip, Assert.Single(allocations, a => a.GetProperty("containerId").GetString() == pod.SandboxId).GetProperty("ip").GetString());
            Assert.Equal(SandboxImage.Page, await node.GetFromPodAsync(pod.Ip));
        }

        string whoHad = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", orphanIp, "--journal", node.Stack.JournalDirectory);
        output.WriteLine(whoHad);
        Assert.Contains("released (RuntimeGc: ", whoHad, StringComparison.Ordinal);
    }

    /// <summary>The daemon is restarted at once: the stops that reach it while it is down wait for it (DEL's wait).</summary>
    [ContainerdFact]
    public Task DaemonKilledDuringStopBurst_BackAtOnce_NoLeakNoDoubleOwner() => StopBurstWithDaemonKillAsync("m5.large", stopped: 8, kept: 2, backDuringBurst: true);

    /// <summary>The daemon stays down until the burst is over: the stops that reach it spool their release (DEL's spool).</summary>
    [ContainerdFact]
    public Task DaemonKilledDuringStopBurst_BackAfterBurst_NoLeakNoDoubleOwner() => StopBurstWithDaemonKillAsync("m5.large", stopped: 6, kept: 2, backDuringBurst: false);

    [ContainerdFact(isLong: true)]
    public Task DaemonKilledDuringStopBurst_Long_NoLeakNoDoubleOwner() => StopBurstWithDaemonKillAsync("m5.xlarge", stopped: 36, kept: 8, backDuringBurst: true);

    private async Task StopBurstWithDaemonKillAsync(string instanceType, int stopped, int kept, bool backDuringBurst)
    {
        await using ContainerdNode node = await ContainerdNode.StartAsync(instanceType);
        CriPod[] doomed = await RunPodsAsync(node, "doomed", stopped);
        CriPod[] keepers = await RunPodsAsync(node, "keeper", kept);

        var burst = new StopPodSandboxBurst(node.Cri, doomed.Select(p => p.SandboxId).ToList());
        await burst.StartAsync(stagger: TimeSpan.FromMilliseconds(150), count: stopped / 3);
        await node.Stack.Daemon.KillHardAsync(); // the rest of the burst reaches a dead daemon
        if (backDuringBurst)
        {
            await node.Stack.StartDaemonAsync();
            await burst.FirstPassAsync();
        }
        else
        {
            await burst.FirstPassAsync();
            await node.Stack.StartDaemonAsync();
        }

        await burst.RetryFailedAsync(); // kubelet retries a failed StopPodSandbox until it succeeds

        IReadOnlyList<JsonElement> allocations = await node.AllocationsAsync();
        var held = allocations.Select(a => (Container: a.GetProperty("containerId").GetString()!, Ip: a.GetProperty("ip").GetString()!)).ToList();
        var leaked = doomed.Where(p => held.Any(h => h.Container == p.SandboxId)).ToList();
        var lost = keepers.Where(p => !held.Contains((p.SandboxId, p.Ip))).ToList();
        var doubleOwners = held.GroupBy(h => h.Ip).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"stopped {stopped} (first pass: {burst.FirstPassSucceeded} ok, {burst.FirstPassFailed} failed; retries {burst.Retries}), kept {kept}: leaked {leaked.Count}, lost {lost.Count}, double owners {doubleOwners.Count}");

        Assert.True(leaked.Count == 0, $"{leaked.Count} stopped sandboxes still hold an IP: {string.Join(", ", leaked.Select(p => $"{p.Name} {p.Ip}"))}");
        Assert.True(lost.Count == 0, $"{lost.Count} running pods lost their IP: {string.Join(", ", lost.Select(p => $"{p.Name} {p.Ip}"))}");
        Assert.True(doubleOwners.Count == 0, $"IPs with two holders: {string.Join(", ", doubleOwners.Select(g => g.Key))}");
        foreach (CriPod pod in keepers)
        {
            Assert.Equal(SandboxImage.Page, await node.GetFromPodAsync(pod.Ip));
        }
    }

    private static async Task<CriPod[]> RunPodsAsync(ContainerdNode node, string prefix, int count)
    {
        var pods = new List<CriPod>();
        // A few at a time, as kubelet's pod workers start pods in parallel.
        foreach (int[] chunk in Enumerable.Range(0, count).Chunk(4))
        {
            pods.AddRange(await Task.WhenAll(chunk.Select(i => node.RunPodAsync($"{prefix}-{i}"))));
        }

        return [.. pods];
    }
}
