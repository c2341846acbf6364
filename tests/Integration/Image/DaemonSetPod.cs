using k8s.Models;

namespace EsCni.Integration.Image;

/// <summary>
/// The escni-node DaemonSet's pod on one node, translated from deploy/kubernetes as Kubernetes would run it: each init
/// container, sidecar and container with its command, its volumeMounts over the pod's hostPath volumes (created under
/// <see cref="NodeHostPaths"/>), envFrom the escni-config ConfigMap plus its env resolved for the node, and its
/// securityContext. The image test runs exactly these; <c>DaemonSetPodTests</c> holds them against the manifest.
/// </summary>
internal sealed class DaemonSetPod
{
    private DaemonSetPod(V1PodSpec spec, IReadOnlyList<ContainerRun> runs)
    {
        Spec = spec;
        Runs = runs;
    }

    public V1PodSpec Spec { get; }

    /// <summary>Init containers (sidecars included) in order, then the containers.</summary>
    public IReadOnlyList<ContainerRun> Runs { get; }

    public ContainerRun this[string name] =>
        Runs.SingleOrDefault(r => r.Name == name) ?? throw new InvalidDataException($"the DaemonSet has no container '{name}' (it has {string.Join(", ", Runs.Select(r => r.Name))})");

    /// <summary>
    /// The pod for <paramref name="nodeName"/>; <paramref name="configMap"/> is the ConfigMap's data as the operator
    /// deployed it. The node has no Secret, so an optional secretKeyRef leaves its variable unset, as kubelet does.
    /// </summary>
    public static DaemonSetPod For(V1DaemonSet daemonSet, IReadOnlyDictionary<string, string> configMap, NodeHostPaths host, string nodeName)
    {
        V1PodSpec spec = daemonSet.Spec.Template.Spec;
        if (spec.HostNetwork != true)
        {
            throw new InvalidDataException("the DaemonSet's pod is not hostNetwork; this test runs every container in the node's network namespace");
        }

        var volumes = spec.Volumes.ToDictionary(v => v.Name, v => v.HostPath is { } hostPath
            ? host.Create(hostPath)
            : throw new InvalidDataException($"volume {v.Name} is not a hostPath; teach DaemonSetPod how to provide it"), StringComparer.Ordinal);
        IEnumerable<V1Container> containers = (spec.InitContainers ?? []).Concat(spec.Containers);
        return new DaemonSetPod(spec, containers.Select(c => Translate(c, volumes, configMap, nodeName)).ToList());
    }

    private static ContainerRun Translate(V1Container container, Dictionary<string, string> volumes, IReadOnlyDictionary<string, string> configMap, string nodeName)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (V1EnvFromSource from in container.EnvFrom ?? [])
        {
            if (from.ConfigMapRef?.Name != "escni-config")
            {
                throw new InvalidDataException($"container {container.Name} takes its environment from something other than the escni-config ConfigMap; teach DaemonSetPod about it");
            }

            foreach ((string key, string value) in configMap)
            {
                environment[key] = value;
            }
        }

        foreach (V1EnvVar variable in container.Env ?? [])
        {
            if (variable.Value is { } literal)
            {
                environment[variable.Name] = literal;
            }
            else if (variable.ValueFrom?.FieldRef?.FieldPath == "spec.nodeName")
            {
                environment[variable.Name] = nodeName;
            }
            else if (variable.ValueFrom?.SecretKeyRef is { } secret && secret.Optional != true)
            {
                throw new InvalidDataException($"container {container.Name} needs Secret {secret.Name} key {secret.Key}, which this node does not have");
            }
            else if (variable.ValueFrom?.SecretKeyRef is null)
            {
                throw new InvalidDataException($"container {container.Name}: env {variable.Name} has a source DaemonSetPod cannot resolve; teach it");
            }
        }

        var mounts = (container.VolumeMounts ?? [])
            .Select(m => (volumes.TryGetValue(m.Name, out string? path) ? path : throw new InvalidDataException($"container {container.Name} mounts unknown volume {m.Name}"), m.MountPath, m.ReadOnlyProperty == true))
            .ToList();
        return new ContainerRun(container.Name, container.Command.ToList(), mounts, environment,
            container.SecurityContext?.Capabilities?.Add?.ToList() ?? [], container.SecurityContext?.Privileged == true);
    }
}
