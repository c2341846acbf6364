using System.Reflection;
using EsCni.Protocol.V1;

namespace EsCni.Integration.Support;

/// <summary>Builds the requests the plugin would send, with the daemon's build string as client version.</summary>
internal static class CniRequests
{
    /// <summary>The version the daemon expects: plugin and daemon of one build carry the same informational version.</summary>
    public static string ClientVersion { get; } =
        typeof(CniRequests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    public static AddNetworkRequest Add(string containerId, string podName = "pod", string podNamespace = "default", string ifName = "eth0") => new()
    {
        ClientVersion = ClientVersion,
        ContainerId = containerId,
        IfName = ifName,
        NetworkName = "escni",
        Netns = "/var/run/netns/" + containerId,
        K8SPodName = podName,
        K8SPodNamespace = podNamespace,
        K8SPodUid = Guid.NewGuid().ToString(),
        RequestId = Guid.NewGuid().ToString("N"),
    };

    public static DelNetworkRequest Del(string containerId, string ifName = "eth0") => new()
    {
        ClientVersion = ClientVersion,
        ContainerId = containerId,
        IfName = ifName,
        NetworkName = "escni",
        Reason = "PodDeleted",
        RequestId = Guid.NewGuid().ToString("N"),
    };
}
