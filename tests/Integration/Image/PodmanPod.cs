using System.Globalization;
using EsCni.Integration.Support;

namespace EsCni.Integration.Image;

/// <summary>
/// A <see cref="DaemonSetPod"/> run by podman from an image: each container by its manifest name, under a container
/// name unique to this test (other engineers' tests share the machine), all removed on dispose. Containers run
/// attached, so their output is the test's to read, as `kubectl logs` would show it.
/// </summary>
internal sealed class PodmanPod : IAsyncDisposable
{
    private readonly string _prefix = "escni-it-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, ChildProcess> _attached = new(StringComparer.Ordinal);
    private readonly DaemonSetPod _pod;
    private readonly string _image;
    private readonly string _nodeNetnsPath;

    public PodmanPod(DaemonSetPod pod, string image, string nodeNetnsPath)
    {
        _pod = pod;
        _image = image;
        _nodeNetnsPath = nodeNetnsPath;
    }

    /// <summary>podman with the runtime this machine supports: runc under cgroupfs (crun refuses the hybrid cgroup layout).</summary>
    public static IReadOnlyList<string> Podman { get; } = ["podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs"];

    public string ContainerName(string name) => $"{_prefix}-{name}";

    /// <summary>The podman arguments the container <paramref name="name"/> runs with (what DaemonSetPodTests checks).</summary>
    public IReadOnlyList<string> RunArguments(string name) => _pod[name].PodmanArguments(_image, ContainerName(name), _nodeNetnsPath, Ulimits());

    /// <summary>Starts a container and returns its attached `podman run` (its output is the container's log).</summary>
    public ChildProcess Start(string name)
    {
        if (_attached.Remove(name, out ChildProcess? previous))
        {
            _ = previous.DisposeAsync().AsTask();
        }

        ChildProcess run = ChildProcess.Start([.. Podman, .. RunArguments(name)]);
        _attached[name] = run;
        return run;
    }

    /// <summary>Runs an init container to its end; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunToEndAsync(string name, TimeSpan timeout)
    {
        ChildProcess run = Start(name);
        await run.WaitForExitAsync(timeout);
        return (run.ExitCode, run.Output);
    }

    /// <summary>SIGKILLs the container (a crash, or kubelet's restart after a failed liveness probe) and removes it, keeping its volumes.</summary>
    public async Task KillAsync(string name)
    {
        Command("kill", "--signal", "KILL", ContainerName(name));
        await _attached[name].WaitForExitAsync(TimeSpan.FromSeconds(30));
        Command("rm", ContainerName(name));
    }

    /// <summary>`podman exec` in a running container (an exec probe); returns exit code and output.</summary>
    public (int ExitCode, string Output) Exec(string name, IReadOnlyList<string> command)
    {
        (int code, string stdout, string stderr) = NetworkNamespace.TryRun([.. Podman, "exec", ContainerName(name), .. command]);
        return (code, stdout + stderr);
    }

    /// <summary>Runs a command in a throw-away container of <paramref name="image"/> with no network; returns exit code and output.</summary>
    public static (int ExitCode, string Output) RunOnce(string image, params string[] command)
    {
        (int code, string stdout, string stderr) = NetworkNamespace.TryRun([.. Podman, "run", "--rm", "--network", "none", "--pull", "never",
            .. Ulimits(), "--entrypoint", System.Text.Json.JsonSerializer.Serialize(command), image]);
        return (code, stdout + stderr);
    }

    /// <summary>Runs a podman command; throws with its output when it fails.</summary>
    public static string Command(params string[] arguments) => NetworkNamespace.Run([.. Podman, .. arguments]);

    public async ValueTask DisposeAsync()
    {
        NetworkNamespace.TryRun([.. Podman, "rm", "--force", "--ignore", "--time", "0", .. _pod.Runs.Select(r => ContainerName(r.Name))]);
        foreach (ChildProcess run in _attached.Values)
        {
            await run.DisposeAsync();
        }
    }

    /// <summary>
    /// --ulimit options a container may take here: podman asks for higher open-files and process limits than runc may
    /// set when the caller's hard limits are lower ("error setting rlimits ... operation not permitted"). Open files at
    /// this process's hard limit; processes at 32768 at most (on this machine runc was refused 65536 although the
    /// shell's hard limit is higher; the daemon runs a few dozen threads).
    /// </summary>
    public static IReadOnlyList<string> Ulimits()
    {
        long files = HardLimit("Max open files", 1048576);
        long processes = Math.Min(HardLimit("Max processes", 32768), 32768);
        return ["--ulimit", $"nofile={files}:{files}", "--ulimit", $"nproc={processes}:{processes}"];
    }

    // A hard limit of this process (/proc/self/limits: "Max open files  soft  hard  files").
    private static long HardLimit(string name, long unlimited)
    {
        string line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith(name, StringComparison.Ordinal));
        string hard = line[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return hard == "unlimited" ? unlimited : long.Parse(hard, CultureInfo.InvariantCulture);
    }
}
