using System.Text.Json;
using EsCni.Integration.Deploy;
using k8s.Models;

namespace EsCni.Integration.Image;

/// <summary>
/// The podman arguments <see cref="DaemonSetImageTests"/> runs, read back and held against deploy/kubernetes: every
/// container of the DaemonSet, its command, each volumeMount as a bind mount of its hostPath, the ConfigMap and env as
/// its environment, its capabilities and nothing more. A manifest change the image test would not follow fails here.
/// </summary>
public sealed class DaemonSetPodTests : IDisposable
{
    private const string NodeNetns = "/var/run/netns/escni-it-manifest";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("escni-dspod-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void PodmanRuns_EveryDaemonSetContainer_WithItsCommandMountsEnvironmentAndCapabilities()
    {
        KubernetesManifests manifests = KubernetesManifests.Repository;
        V1PodSpec spec = manifests.DaemonSet.Spec.Template.Spec;
        var host = new NodeHostPaths(_work.FullName);
        DaemonSetPod pod = DaemonSetPod.For(manifests.DaemonSet, new Dictionary<string, string>(manifests.Config.Data), host, "node-a");
        var podman = new PodmanPod(pod, "escni:test", NodeNetns);

        List<V1Container> containers = [.. spec.InitContainers ?? [], .. spec.Containers];
        Assert.Equal(containers.Select(c => c.Name), pod.Runs.Select(r => r.Name));
        foreach (V1Container container in containers)
        {
            RunArguments run = RunArguments.Parse(podman.RunArguments(container.Name));
            string what = $"container {container.Name}";

            Assert.Equal($"ns:{NodeNetns}", run.Single("--network"));
            Assert.Equal(container.Command, run.Entrypoint);
            Assert.Equal("escni:test", run.Image);

            var expectedMounts = (container.VolumeMounts ?? []).Select(m =>
                $"{host.OnThisMachine(spec.Volumes.Single(v => v.Name == m.Name).HostPath.Path)}:{m.MountPath}{(m.ReadOnlyProperty == true ? ":ro" : string.Empty)}");
            Assert.Equal(expectedMounts.Order(StringComparer.Ordinal), run.All("--volume").Order(StringComparer.Ordinal));

            var expectedEnvironment = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (container.EnvFrom?.Any(e => e.ConfigMapRef?.Name == "escni-config") == true)
            {
                manifests.Config.Data.ToList().ForEach(v => expectedEnvironment[v.Key] = v.Value);
            }

            foreach (V1EnvVar variable in container.Env ?? [])
            {
                if (variable.Value is { } literal)
                {
                    expectedEnvironment[variable.Name] = literal; // e.g. the daemon's DOTNET_GCgen0size
                }
                else if (variable.ValueFrom?.FieldRef?.FieldPath == "spec.nodeName")
                {
                    expectedEnvironment[variable.Name] = "node-a";
                }
                else
                {
                    // The only other source is the optional escni-postgres Secret, which this node does not have.
                    Assert.True(variable.ValueFrom?.SecretKeyRef?.Optional == true, $"{what}: env {variable.Name} is neither the node name nor an optional Secret");
                }
            }

            Assert.Equal(expectedEnvironment.Select(v => $"{v.Key}={v.Value}"), run.All("--env").Order(StringComparer.Ordinal));
            Assert.Equal(new[] { "all" }, run.All("--cap-drop"));
            Assert.Equal((container.SecurityContext?.Capabilities?.Add ?? []).Order(StringComparer.Ordinal), run.All("--cap-add").Order(StringComparer.Ordinal));
            Assert.DoesNotContain("--privileged", run.Flags);
        }

        // Every hostPath volume exists on the node as kubelet creates it (the xtables lock a file, the rest directories).
        foreach (V1Volume volume in spec.Volumes)
        {
            string path = host.OnThisMachine(volume.HostPath.Path);
            Assert.True(volume.HostPath.Type == "FileOrCreate" ? File.Exists(path) : Directory.Exists(path), $"volume {volume.Name}: {path}");
        }
    }

    /// <summary>`podman run` arguments split into options (name → values), bare flags, image and entrypoint.</summary>
    private sealed record RunArguments(ILookup<string, string> Options, IReadOnlyList<string> Flags, string Image, IReadOnlyList<string> Entrypoint)
    {
        private static readonly HashSet<string> s_bare = new(StringComparer.Ordinal) { "--privileged", "--rm", "--detach" };

        public IEnumerable<string> All(string option) => Options[option];

        public string Single(string option) => Assert.Single(Options[option]);

        public static RunArguments Parse(IReadOnlyList<string> arguments)
        {
            Assert.Equal("run", arguments[0]);
            var options = new List<(string, string)>();
            var flags = new List<string>();
            int i = 1;
            while (arguments[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (s_bare.Contains(arguments[i]))
                {
                    flags.Add(arguments[i++]);
                    continue;
                }

                options.Add((arguments[i], arguments[i + 1]));
                i += 2;
            }

            Assert.Equal(i + 1, arguments.Count);
            string entrypoint = options.Single(o => o.Item1 == "--entrypoint").Item2;
            return new RunArguments(options.ToLookup(o => o.Item1, o => o.Item2, StringComparer.Ordinal), flags, arguments[i],
                JsonSerializer.Deserialize<string[]>(entrypoint)!);
        }
    }
}
