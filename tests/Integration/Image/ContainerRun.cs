namespace EsCni.Integration.Image;

/// <summary>One container of the DaemonSet's pod as podman runs it: what Kubernetes would give it, on this node.</summary>
/// <param name="Name">The container's name in the manifest.</param>
/// <param name="Command">The manifest's command (it replaces the image's entrypoint, as in Kubernetes).</param>
/// <param name="Mounts">(path on this machine, path in the container, read-only) per volumeMount.</param>
/// <param name="Environment">envFrom the ConfigMap, then env, resolved for this node.</param>
/// <param name="Capabilities">The securityContext's capabilities.add; every other capability is dropped.</param>
/// <param name="Privileged">securityContext.privileged.</param>
internal sealed record ContainerRun(
    string Name,
    IReadOnlyList<string> Command,
    IReadOnlyList<(string Host, string Container, bool ReadOnly)> Mounts,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Capabilities,
    bool Privileged)
{
    /// <summary>
    /// `podman run` arguments: in the node's network namespace (hostNetwork), never pulling, no capability beyond the
    /// declared ones (stricter than a runtime's default set, so a capability the daemon needs but the manifest does
    /// not declare fails here), with <paramref name="ulimits"/> (this machine's, <see cref="PodmanPod.Ulimits"/>).
    /// </summary>
    public IReadOnlyList<string> PodmanArguments(string image, string containerName, string nodeNetnsPath, IReadOnlyList<string> ulimits)
    {
        var arguments = new List<string>
        {
            "run", "--name", containerName, "--network", "ns:" + nodeNetnsPath, "--pull", "never", "--log-driver", "k8s-file",
        };
        arguments.AddRange(ulimits);
        arguments.AddRange(["--cap-drop", "all"]);
        arguments.AddRange(Capabilities.SelectMany(c => new[] { "--cap-add", c }));
        if (Privileged)
        {
            arguments.Add("--privileged");
        }

        arguments.AddRange(Mounts.SelectMany(m => new[] { "--volume", $"{m.Host}:{m.Container}" + (m.ReadOnly ? ":ro" : string.Empty) }));
        arguments.AddRange(Environment.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => new[] { "--env", $"{e.Key}={e.Value}" }));
        arguments.AddRange(["--entrypoint", System.Text.Json.JsonSerializer.Serialize(Command), image]);
        return arguments;
    }
}
