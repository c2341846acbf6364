using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.ContainerRuntime;
using EsCni.ContainerRuntime.Cri;
using EsCni.Integration.Support;

namespace EsCni.Integration.Containerd;

/// <summary>
/// A node as kubelet sees it: the node stack (EC2 simulator, escni-ipamd) plus a private containerd whose CRI runs
/// the escni plugin from a private CNI bin dir (with Debian's loopback) on the "escni" conflist. Tests drive it with
/// <see cref="CriRuntimeClient"/> exactly as kubelet does.
/// </summary>
internal sealed class ContainerdNode : IAsyncDisposable
{
    private const string LoopbackPlugin = "/usr/lib/cni/loopback";
    private const int MaxRunAttempts = 12;

    private ContainerdNode(NodeStack stack, PrivateContainerd containerd, HttpClient pods)
    {
        Stack = stack;
        Containerd = containerd;
        PodHttp = pods;
    }

    public NodeStack Stack { get; }

    public PrivateContainerd Containerd { get; }

    public CriRuntimeClient Cri => Containerd.Client;

    /// <summary>HTTP from the node's network namespace, where a pod is reached on its IP.</summary>
    public HttpClient PodHttp { get; }

    public static async Task<ContainerdNode> StartAsync(string instanceType = "m5.large")
    {
        NodeStack stack = await NodeStack.StartAsync(instanceType);
        ContainerdNode? node = null;
        try
        {
            await stack.StartDaemonAsync();
            await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a warm IP");
            string cniBin = Directory.CreateDirectory(Path.Combine(stack.WorkDirectory, "cni", "bin")).FullName;
            string cniConf = Directory.CreateDirectory(Path.Combine(stack.WorkDirectory, "cni", "net.d")).FullName;
            File.Copy(RepoPaths.Plugin, Path.Combine(cniBin, "escni"));
            File.Copy(LoopbackPlugin, Path.Combine(cniBin, "loopback"));
            await File.WriteAllTextAsync(Path.Combine(cniConf, "10-escni.conflist"), Conflist(stack));

            var containerd = PrivateContainerd.Configure(stack.Node, Path.Combine(stack.WorkDirectory, "containerd"), cniBin, cniConf);
            node = new ContainerdNode(stack, containerd, NetnsSockets.CreateHttpClient(stack.Node.Path, new Uri("http://127.0.0.1/")));
            await containerd.StartAsync();
            string image = Path.Combine(stack.WorkDirectory, "sandbox-image.tar");
            SandboxImage.Write(image);
            containerd.Import(image);
            return node;
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
            else
            {
                await stack.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>RunPodSandbox with the config kubelet sends for a pod (metadata, kubelet's labels, pod network namespace).</summary>
    public async Task<CriPod> RunPodAsync(string name, string podNamespace = "default")
    {
        string uid = Guid.NewGuid().ToString();
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = podNamespace, Uid = uid, Attempt = 0 },
            Hostname = name,
            Linux = new LinuxPodSandboxConfig
            {
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Pod, Pid = NamespaceMode.Container, Ipc = NamespaceMode.Pod },
                },
            },
        };
        config.Labels.Add("io.kubernetes.pod.name", name);
        config.Labels.Add("io.kubernetes.pod.namespace", podNamespace);
        config.Labels.Add("io.kubernetes.pod.uid", uid);
        string id = await RunPodSandboxAsKubeletAsync(config);
        PodSandboxStatus status = await Cri.PodSandboxStatusAsync(id);
        return new CriPod(id, podNamespace, name, uid, status.Network?.Ip ?? "");
    }

    /// <summary>
    /// kubelet's pod worker retries a failed RunPodSandbox with backoff (e.g. escni's "no free IP now" while the warm
    /// pool refills); containerd cleans up a failed attempt itself.
    /// </summary>
    private async Task<string> RunPodSandboxAsKubeletAsync(PodSandboxConfig config)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await Cri.RunPodSandboxAsync(config);
            }
            catch (ContainerRuntimeException) when (attempt < MaxRunAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
            catch (ContainerRuntimeException e)
            {
                IEnumerable<string> problems = Containerd.Output.Split('\n').Where(l => l.Contains("level=error", StringComparison.Ordinal)).TakeLast(20);
                throw new InvalidOperationException($"RunPodSandbox failed {MaxRunAttempts} times: {e.Message}\ncontainerd's last errors:\n{string.Join('\n', problems)}", e);
            }
        }
    }

    /// <summary>GET / of the pod's HTTP server on its IP, from the node.</summary>
    public async Task<string> GetFromPodAsync(string ip)
    {
        using HttpResponseMessage response = await PodHttp.GetAsync(new Uri($"http://{ip}:{SandboxImage.HttpPort}/index.html"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The daemon's allocations (/v1/pods).</summary>
    public async Task<IReadOnlyList<JsonElement>> AllocationsAsync() =>
        [.. (await Stack.GetJsonAsync("/v1/pods")).EnumerateArray()];

    public async ValueTask DisposeAsync()
    {
        await Containerd.DisposeAsync();
        PodHttp.Dispose();
        await Stack.DisposeAsync();
    }

    // The netconf fields scripts/demo.sh installs on a node.
    private static string Conflist(NodeStack stack) => new JsonObject
    {
        ["cniVersion"] = "1.0.0",
        ["name"] = "escni",
        ["plugins"] = new JsonArray(new JsonObject
        {
            ["type"] = "escni",
            ["ipamdSocket"] = stack.SocketPath,
            // DEL's spool for releases a down daemon could not take (#15): the daemon's default, beside its journal.
            ["spoolDir"] = Path.Combine(stack.WorkDirectory, "spool"),
            ["mtu"] = 9001,
            ["logFile"] = Path.Combine(stack.WorkDirectory, "escni-plugin.log"),
            ["logLevel"] = "debug",
        }),
    }.ToJsonString();
}
