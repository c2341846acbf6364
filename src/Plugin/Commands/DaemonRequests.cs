namespace EsCni.Plugin.Commands;

/// <summary>
/// The requests this invocation sends escni-ipamd. The pod identity fields are the same in each, so the daemon keys an
/// ADD, the release after a failed ADD and the DEL that follows to the same allocation.
/// </summary>
internal static class DaemonRequests
{
    public static AddNetworkRequest Add(Invocation call) => new()
    {
        K8SPodName = call.PodName,
        K8SPodNamespace = call.PodNamespace,
        K8SPodInfraContainerId = call.Env.Arg("K8S_POD_INFRA_CONTAINER_ID"),
        K8SPodUid = call.Env.Arg("K8S_POD_UID"),
        Netns = call.Env.Netns,
        IfName = call.Env.IfName,
        NetworkName = call.NetworkName,
        ContainerId = call.Env.ContainerId,
        RequestId = call.RequestId,
    };

    /// <param name="reason">Why the IP is given back (the daemon journals it): <c>PodDeleted</c> for DEL,
    /// <c>SetupNSFailed</c> for the release after an ADD that failed once it had the IP.</param>
    public static DelNetworkRequest Del(Invocation call, string reason) => new()
    {
        K8SPodName = call.PodName,
        K8SPodNamespace = call.PodNamespace,
        K8SPodInfraContainerId = call.Env.Arg("K8S_POD_INFRA_CONTAINER_ID"),
        K8SPodUid = call.Env.Arg("K8S_POD_UID"),
        Reason = reason,
        ContainerId = call.Env.ContainerId,
        IfName = call.Env.IfName,
        NetworkName = call.NetworkName,
        RequestId = call.RequestId,
    };
}
