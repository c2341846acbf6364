using EsCni.Plugin.Logging;

namespace EsCni.Plugin.Commands;

/// <summary>Everything one command needs: environment, configuration, log, request id and stdout.</summary>
internal sealed record Invocation(CniEnvironment Env, NetConf Config, PluginLog Log, string RequestId, Stream Stdout)
{
    public string Version => Config.CniVersion!;

    public string NetworkName => Config.Name!;

    public string SocketPath => Config.IpamdSocket ?? NetConf.DefaultIpamdSocket;

    public string SpoolDir => Config.SpoolDir ?? NetConf.DefaultSpoolDir;

    public TimeSpan DelDaemonWait => TimeSpan.FromSeconds(Config.DelDaemonWaitSeconds ?? NetConf.DefaultDelDaemonWaitSeconds);

    public string PodNamespace => Env.Arg("K8S_POD_NAMESPACE");

    public string PodName => Env.Arg("K8S_POD_NAME");

    public string HostVeth => HostVethName.For(PodNamespace, PodName, Env.ContainerId);

    /// <summary>The host end of an IPv6 pod's IPv4 egress veth: the host veth's hash under "eg4".</summary>
    public string EgressHostVeth => HostVethName.For(Egress.EgressV4Veth.HostPrefix, PodNamespace, PodName, Env.ContainerId);

    /// <summary>The attachment's key (network/container id/ifname), as the daemon keys allocations.</summary>
    public string AttachmentKey => Egress.EgressV4Pool.KeyOf(NetworkName, Env.ContainerId, Env.IfName);

    public string EgressV4Dir => Config.V4EgressDir ?? NetConf.DefaultV4EgressDir;

    /// <summary>IPv6 pods get IPv4 egress unless the config says "enableV4Egress": false.</summary>
    public bool V4EgressEnabled => Config.EnableV4Egress ?? true;

    /// <summary>A short random id that ties this invocation's log lines to the daemon's.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N")[..16];
}
