using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Deploy;
using EsCni.Integration.Support;
using k8s.Models;

namespace EsCni.Integration.Image;

/// <summary>
/// The image run as the DaemonSet runs it: podman in a node network namespace (hostNetwork) holding the EC2/IMDS
/// simulator, every container of deploy/kubernetes/daemonset.yaml with its command, its hostPath mounts as bind mounts
/// (under a test directory) and the ConfigMap as its environment (<see cref="DaemonSetPod"/>). Pods are then wired by
/// what the pod put on the node: the plugin from the CNI bin directory and the conflist from the CNI conf directory.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonSetImageTests
{
    private const string NodeName = "image-node";

    [DeployFact(DeployRequirement.Image)]
    public async Task DaemonSetPod_OnNode_InstallsPluginConflistWhenReadyWiresPodsKeepsIpsOverRestart()
    {
        await using NodeStack stack = await NodeStack.StartAsync();
        var host = new NodeHostPaths(Path.Combine(stack.WorkDirectory, "node"));
        DaemonSetPod pod = DaemonSetPod.For(KubernetesManifests.Repository.DaemonSet, ConfigMapFor(stack), host, NodeName);
        string bin = host.OnThisMachine("/opt/cni/bin");
        string conflistPath = Path.Combine(host.OnThisMachine("/etc/cni/net.d"), "10-escni.conflist");

        // An older plugin is installed, and a second name for its file stands for a runtime exec'ing it right now.
        File.WriteAllText(Path.Combine(bin, "escni"), "old plugin");
        NetworkNamespace.Run("ln", Path.Combine(bin, "escni"), Path.Combine(stack.WorkDirectory, "old-escni-in-use"));
        await using var podman = new PodmanPod(pod, ImageUnderTest.Required, stack.Node.Path);

        // Init container: the plugin replaced by a rename (the old file is intact under its other name), and portmap
        // added because this node had none.
        (int installed, string installOutput) = await podman.RunToEndAsync("install-plugin", TimeSpan.FromMinutes(2));
        Assert.True(installed == 0, installOutput);
        Assert.Equal("old plugin", File.ReadAllText(Path.Combine(stack.WorkDirectory, "old-escni-in-use")));
        Assert.Equal(new[] { "escni", "portmap" }, Directory.GetFiles(bin).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.GetUnixFileMode(Path.Combine(bin, "escni")).HasFlag(UnixFileMode.OtherExecute));

        // Sidecar: waits, writing nothing, while the daemon is not there.
        ChildProcess cniConfig = podman.Start("cni-config");
        await cniConfig.WaitForLineAsync(l => l.Contains("waiting for escni-ipamd", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "cni-config waiting");
        Assert.False(File.Exists(conflistPath), "cni-config wrote the conflist before escni-ipamd ran");

        ChildProcess ipamd = podman.Start("ipamd");
        await ipamd.WaitForLineAsync(l => l.Contains("ready in", StringComparison.Ordinal), TimeSpan.FromMinutes(2), "escni-ipamd in its container serving");
        await cniConfig.WaitForLineAsync(l => l.Contains("wrote", StringComparison.Ordinal), TimeSpan.FromMinutes(2), "cni-config writing the conflist");
        JsonElement pool = await stack.GetJsonAsync("/v1/pool");
        Assert.True(pool.GetProperty("ready").GetBoolean(), pool.ToString());
        AssertReadinessProbe(pod, podman);
        Assert.DoesNotContain("Overriding address", ipamd.Output, StringComparison.Ordinal);

        JsonObject written = JsonNode.Parse(File.ReadAllText(conflistPath))!.AsObject();
        Assert.Equal(KubernetesManifests.Repository.Config.Data["ESCNI_SOCKET"], written["plugins"]![0]!["ipamdSocket"]!.GetValue<string>());
        JsonObject conflist = ForThisMachine(written, host, stack);
        var plugin = new PluginRunner(stack, binDirectory: bin);
        var pods = new List<(string ContainerId, NetworkNamespace Netns, JsonNode Result, string Ip)>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                pods.Add(await AddAsync(plugin, conflist, $"img-{i}"));
            }

            Assert.Equal(3, pods.Select(p => p.Ip).Distinct().Count());

            // A container restart (kubelet makes a new container on the same volumes) keeps every IP.
            await podman.KillAsync("ipamd");
            ipamd = podman.Start("ipamd");
            await ipamd.WaitForLineAsync(l => l.Contains("ready in", StringComparison.Ordinal), TimeSpan.FromMinutes(2), "escni-ipamd serving after its restart");
            await stack.WaitForPoolAsync(p => p.GetProperty("ready").GetBoolean(), TimeSpan.FromMinutes(1), "ready after the restart");
            JsonElement[] held = [.. (await stack.GetJsonAsync("/v1/pods")).EnumerateArray()];
            foreach ((string containerId, NetworkNamespace netns, JsonNode result, string ip) in pods)
            {
                Assert.Equal(ip, Assert.Single(held, a => a.GetProperty("containerId").GetString() == containerId).GetProperty("ip").GetString());
                PluginResult check = await plugin.ExecListAsync("CHECK", conflist, containerId, netns.Path, result, podName: containerId);
                Assert.True(check.ExitCode == 0, $"{check}\nescni-ipamd's log since its restart:\n{ipamd.Output}");
            }

            var fourth = await AddAsync(plugin, conflist, "img-3");
            Assert.DoesNotContain(fourth.Ip, pods.Select(p => p.Ip));
            pods.Add(fourth);

            foreach ((string containerId, NetworkNamespace netns, JsonNode result, string _) in pods)
            {
                PluginResult del = await plugin.ExecListAsync("DEL", conflist, containerId, netns.Path, result, podName: containerId);
                Assert.True(del.ExitCode == 0, del.ToString());
            }

            Assert.Empty((await stack.GetJsonAsync("/v1/pods")).EnumerateArray());
        }
        finally
        {
            pods.ForEach(p => p.Netns.Dispose());
        }
    }

    // The ConfigMap as an operator deploys it on this node: every shipped value, plus the EC2 and IMDS endpoints its
    // comment lists as additions, here the simulator on the node's loopback (as IMDS is on an instance).
    private static Dictionary<string, string> ConfigMapFor(NodeStack stack) =>
        new(KubernetesManifests.Repository.Config.Data, StringComparer.Ordinal)
        {
            ["AWS_EC2_ENDPOINT"] = stack.SimEndpoint.ToString(),
            ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = stack.SimEndpoint.ToString().TrimEnd('/'),
        };

    // The manifest's readiness probe, exec'd in the running ipamd container as kubelet does.
    private static void AssertReadinessProbe(DaemonSetPod pod, PodmanPod podman)
    {
        V1Container ipamd = pod.Spec.Containers.Single(c => c.Name == "ipamd");
        (int ready, string output) = podman.Exec("ipamd", [.. ipamd.ReadinessProbe.Exec.Command]);
        Assert.True(ready == 0, $"readiness probe {string.Join(' ', ipamd.ReadinessProbe.Exec.Command)}: exit {ready}: {output}");
    }

    // The conflist names node paths; on this machine the node's file system is under the test directory. The log file
    // (/var/log/escni, no volume of the DaemonSet) goes beside it.
    private static JsonObject ForThisMachine(JsonObject conflist, NodeHostPaths host, NodeStack stack)
    {
        JsonNode escni = conflist["plugins"]![0]!;
        escni["ipamdSocket"] = host.OnThisMachine(escni["ipamdSocket"]!.GetValue<string>());
        escni["spoolDir"] = host.OnThisMachine(KubernetesManifests.Repository.Config.Data["ESCNI_SPOOL_DIR"]);
        escni["logFile"] = Path.Combine(stack.WorkDirectory, "plugin.log");
        return conflist;
    }

    private static async Task<(string ContainerId, NetworkNamespace Netns, JsonNode Result, string Ip)> AddAsync(PluginRunner plugin, JsonObject conflist, string containerId)
    {
        NetworkNamespace netns = NetworkNamespace.Create("escni-imgpod");
        try
        {
            // Pod name = container id: the host veth's name is derived from the pod's namespace and name, as the VPC CNI's.
            PluginResult add = await plugin.ExecListAsync("ADD", conflist, containerId, netns.Path, podName: containerId);
            Assert.True(add.ExitCode == 0, add.ToString());
            JsonNode result = JsonNode.Parse(add.Stdout)!;
            string ip = result["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0];
            Assert.Contains($"inet {ip}/32", netns.Exec("ip", "addr", "show", "eth0"), StringComparison.Ordinal);
            return (containerId, netns, result, ip);
        }
        catch
        {
            netns.Dispose();
            throw;
        }
    }
}
