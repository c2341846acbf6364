using System.Globalization;
using EsCni.ContainerRuntime;
using EsCni.Integration.Support;
using EsCni.Testing;

namespace EsCni.Integration.Containerd;

/// <summary>
/// A containerd of the test's own: its config, root, state and sockets under a temp directory (a system containerd,
/// if any, is never touched), started in the node's network namespace so CNI runs there. The CRI plugin uses runc with
/// the cgroupfs driver and the native snapshotter (no overlay-on-overlay surprises), and CNI from private directories.
/// </summary>
internal sealed class PrivateContainerd : IAsyncDisposable
{
    private readonly NetworkNamespace _node;
    private ChildProcess? _process;

    private PrivateContainerd(NetworkNamespace node, string directory)
    {
        _node = node;
        WorkDirectory = directory;
        Client = new CriRuntimeClient(SocketPath);
    }

    public string WorkDirectory { get; }

    public string SocketPath => Path.Combine(WorkDirectory, "containerd.sock");

    public string ConfigPath => Path.Combine(WorkDirectory, "config.toml");

    public CriRuntimeClient Client { get; }

    public string Output => _process?.Output ?? "";

    /// <summary>Writes the config for CNI plugins in <paramref name="cniBinDirectory"/> and networks in <paramref name="cniConfDirectory"/>.</summary>
    public static PrivateContainerd Configure(NetworkNamespace node, string directory, string cniBinDirectory, string cniConfDirectory)
    {
        Directory.CreateDirectory(directory);
        var containerd = new PrivateContainerd(node, directory);
        File.WriteAllText(containerd.ConfigPath, Config(directory, containerd.SocketPath, cniBinDirectory, cniConfDirectory));
        return containerd;
    }

    /// <summary>Starts containerd (or starts it again on the same root and state) and waits until CRI answers.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("containerd is already running");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        // nsenter, not `ip netns exec`: that remounts /sys for the namespace and hides the cgroup mounts runc needs.
        _process = ChildProcess.Start(["nsenter", "--net=" + _node.Path, "containerd", "--config", ConfigPath]);
        await _process.WaitForLineAsync(l => l.Contains("containerd successfully booted", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "containerd start");
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await Client.VersionAsync();
                    return true;
                }
                catch (ContainerRuntimeException)
                {
                    return false;
                }
            },
            "containerd's CRI to answer Version on " + SocketPath,
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>SIGTERM, as a node's service manager stops it: the shims and so the sandboxes keep running.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Imports an image tarball into the CRI's namespace (k8s.io), unpacked for the native snapshotter.</summary>
    public void Import(string tarball) =>
        NetworkNamespace.Run("ctr", "--address", SocketPath, "--namespace", "k8s.io", "images", "import", "--snapshotter", "native", tarball);

    /// <summary>Stops and removes every sandbox (so containerd tears down their netns, mounts and shims), then stops containerd.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                foreach (var sandbox in await Client.ListPodSandboxAsync())
                {
                    await Client.StopPodSandboxAsync(sandbox.Id);
                    await Client.RemovePodSandboxAsync(sandbox.Id);
                }
            }
            catch (ContainerRuntimeException)
            {
                // the sweep below still ends what is left
            }

            await StopAsync().ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Client.Dispose();
        StrayProcesses.KillThoseNaming(SocketPath);
        StrayProcesses.UnmountUnder(WorkDirectory);
    }

    private static string Config(string directory, string socket, string cniBin, string cniConf) => string.Create(CultureInfo.InvariantCulture, $$"""
        version = 2
        root = "{{directory}}/root"
        state = "{{directory}}/state"
        # Plugins that would write outside this directory (opt: /opt/containerd) or need kernel features we do not use.
        disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

        [grpc]
          address = "{{socket}}"

        [ttrpc]
          address = "{{socket}}.ttrpc"

        [debug]
          level = "info"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{{SandboxImage.Name}}"
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          enable_selinux = false
          disable_apparmor = true
          # A sandbox asks for oom_score_adj -998, which needs CAP_SYS_RESOURCE this machine does not grant; keep containerd's own.
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "native"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                # crun refuses this machine's hybrid cgroup layout; runc with cgroupfs works.
                BinaryName = "runc"
                SystemdCgroup = false
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{{cniBin}}"
            conf_dir = "{{cniConf}}"
            max_conf_num = 1
        """);
}
