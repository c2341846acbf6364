using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>deploy/kubernetes/daemonset.yaml: what a node needs from the escni-node pod, checked field by field.</summary>
public sealed class DaemonSetManifestTests
{
    private static readonly V1DaemonSet s_daemonSet = KubernetesManifests.Repository.DaemonSet;
    private static readonly V1PodSpec s_pod = s_daemonSet.Spec.Template.Spec;
    private static readonly IDictionary<string, string> s_config = KubernetesManifests.Repository.Config.Data;

    private static V1Container Ipamd => s_pod.Containers.Single(c => c.Name == "ipamd");

    [Fact]
    public void PodSpec_NodeLevelSettings_AreThoseOfACniDaemon()
    {
        Assert.True(s_pod.HostNetwork);
        Assert.Equal("Default", s_pod.DnsPolicy); // cluster DNS needs pod networking, which needs this pod
        Assert.Equal("system-node-critical", s_pod.PriorityClassName);
        V1Toleration toleration = Assert.Single(s_pod.Tolerations);
        Assert.Equal("Exists", toleration.OperatorProperty);
        Assert.Null(toleration.Key);
        Assert.Null(toleration.Effect);
        Assert.False(s_pod.AutomountServiceAccountToken);
        Assert.Equal("RollingUpdate", s_daemonSet.Spec.UpdateStrategy.Type);
    }

    [Theory]
    [InlineData("journal", "/var/lib/escni", "DirectoryOrCreate", "ipamd", "/var/lib/escni")]
    [InlineData("run", "/run/escni", "DirectoryOrCreate", "ipamd", "/run/escni")]
    [InlineData("xtables-lock", "/run/xtables.lock", "FileOrCreate", "ipamd", "/run/xtables.lock")]
    [InlineData("cni-bin", "/opt/cni/bin", "DirectoryOrCreate", "install-plugin", "/host/opt/cni/bin")]
    [InlineData("cni-net-dir", "/etc/cni/net.d", "DirectoryOrCreate", "cni-config", "/host/etc/cni/net.d")]
    public void Volume_HostPath_IsMountedWhereItsUserExpectsIt(string volume, string hostPath, string type, string container, string mountPath)
    {
        V1Volume declared = Assert.Single(s_pod.Volumes, v => v.Name == volume);
        Assert.NotNull(declared.HostPath);
        Assert.Equal(hostPath, declared.HostPath.Path);
        Assert.Equal(type, declared.HostPath.Type);

        V1Container user = s_pod.Containers.Concat(s_pod.InitContainers).Single(c => c.Name == container);
        V1VolumeMount mount = Assert.Single(user.VolumeMounts, m => m.Name == volume);
        Assert.Equal(mountPath, mount.MountPath);
        Assert.NotEqual(true, mount.ReadOnlyProperty);
    }

    [Fact]
    public void Volumes_EveryOne_IsMountedAndEveryMountIsDeclared()
    {
        var declared = s_pod.Volumes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var mounted = s_pod.Containers.Concat(s_pod.InitContainers).SelectMany(c => c.VolumeMounts ?? []).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(declared.Order(StringComparer.Ordinal), mounted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ipamd_JournalAndSocket_LieOnTheHostPathMounts()
    {
        // A journal outside the hostPath would die with the container: the whole point of the journal is lost.
        Assert.StartsWith("/var/lib/escni/", s_config["ESCNI_JOURNAL_DIR"], StringComparison.Ordinal);

        // So is a DEL spooled while the daemon is down; the shipped conflist has no spoolDir, so the plugin's default must be it.
        Assert.Equal("/var/lib/escni/spool", s_config["ESCNI_SPOOL_DIR"]);
        Assert.DoesNotContain("spoolDir", DeployFiles.Read(DeployFiles.Conflist), StringComparison.Ordinal);
        Assert.Equal("/run/escni", Path.GetDirectoryName(s_config["ESCNI_SOCKET"]));
        Assert.Equal(new[] { "escni-ipamd", "run" }, Ipamd.Command);
    }

    [Fact]
    public void Ipamd_CriSocket_LiesOnAReadOnlyMountOfTheRuntimeDirectory()
    {
        // The directory, so a containerd restart's new socket is seen; read-only, because the GC only lists.
        V1Volume volume = Assert.Single(s_pod.Volumes, v => v.Name == "containerd-run");
        V1VolumeMount mount = Assert.Single(Ipamd.VolumeMounts, m => m.Name == "containerd-run");
        Assert.Equal(("/run/containerd", "/run/containerd", true), (volume.HostPath.Path, mount.MountPath, mount.ReadOnlyProperty));
        Assert.Equal(mount.MountPath, Path.GetDirectoryName(s_config["ESCNI_CRI_SOCKET"]));
    }

    [Fact]
    public void InitContainer_InstallPlugin_RunsFirstAndCopiesIntoCniBin()
    {
        V1Container first = s_pod.InitContainers[0];
        Assert.Equal("install-plugin", first.Name);
        Assert.Equal(new[] { "escni-node", "install-plugin" }, first.Command);
        Assert.Null(first.RestartPolicy);
    }

    [Fact]
    public void Sidecar_CniConfig_RunsBesideTheDaemonAndReadsItsConfig()
    {
        // restartPolicy Always on an init container = a native sidecar: it does not block ipamd from starting, which it
        // must not, since it waits for ipamd to be ready before writing the conflist.
        V1Container sidecar = Assert.Single(s_pod.InitContainers, c => c.Name == "cni-config");
        Assert.Equal("Always", sidecar.RestartPolicy);
        Assert.Equal(new[] { "escni-node", "cni-config" }, sidecar.Command);
        Assert.Equal("escni-config", Assert.Single(sidecar.EnvFrom).ConfigMapRef.Name);
        Assert.True(s_pod.InitContainers.IndexOf(sidecar) > 0, "cni-config must start after install-plugin: the conflist names a plugin that must exist");
    }

    [Fact]
    public void Ipamd_Probes_AskTheIntrospectionEndpointOfTheConfiguredAddress()
    {
        string[] address = s_config["INTROSPECTION_BIND_ADDRESS"].Split(':');
        Assert.Equal("false", s_config["DISABLE_INTROSPECTION"]);
        foreach (V1Probe probe in new[] { Ipamd.StartupProbe, Ipamd.LivenessProbe })
        {
            Assert.NotNull(probe.HttpGet);
            Assert.Equal(address[0], probe.HttpGet.Host);
            Assert.Equal(address[1], probe.HttpGet.Port.Value);
            Assert.Equal("/v1/pool", probe.HttpGet.Path);
        }

        // Readiness needs the body's "ready" field, which httpGet cannot see.
        Assert.Equal(new[] { "escni-node", "ready" }, Ipamd.ReadinessProbe.Exec.Command);
        Assert.True(Ipamd.StartupProbe.PeriodSeconds * Ipamd.StartupProbe.FailureThreshold >= 300, "journal recovery gets at least 5 minutes before liveness applies");
    }

    [Fact]
    public void Ipamd_SecurityContext_HasTheNetworkCapabilitiesOnly()
    {
        V1SecurityContext context = Ipamd.SecurityContext;
        Assert.False(context.Privileged);
        Assert.Equal(new[] { "NET_ADMIN", "NET_RAW" }, context.Capabilities.Add.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ipamd_Environment_ComesFromTheConfigMapPlusNodeNameAndOptionalStore()
    {
        Assert.Equal("escni-config", Assert.Single(Ipamd.EnvFrom).ConfigMapRef.Name);
        V1EnvVar nodeName = Assert.Single(Ipamd.Env, e => e.Name == "NODE_NAME");
        Assert.Equal("spec.nodeName", nodeName.ValueFrom.FieldRef.FieldPath);

        // Shipping is optional on nodes: a missing Secret must not keep pod networking from starting.
        V1EnvVar store = Assert.Single(Ipamd.Env, e => e.Name == "ESCNI_POSTGRES");
        Assert.True(store.ValueFrom.SecretKeyRef.Optional);
        V1EnvVar projectionsStore = KubernetesManifests.Repository.Projections.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "ESCNI_POSTGRES");
        Assert.Equal(projectionsStore.ValueFrom.SecretKeyRef.Name, store.ValueFrom.SecretKeyRef.Name);
        Assert.Equal(projectionsStore.ValueFrom.SecretKeyRef.Key, store.ValueFrom.SecretKeyRef.Key);
    }
}
