namespace EsCni.Plugin.Commands;

/// <summary>Opens CNI_NETNS and a netlink socket inside it, translating failures to CNI errors.</summary>
internal static class PodNamespaceAccess
{
    /// <summary>Opens and validates the pod namespace; refuses the plugin's own namespace (code 4).</summary>
    public static NetworkNamespace Open(string path, NetworkNamespace host)
    {
        NetworkNamespace pod;
        try
        {
            pod = NetworkNamespace.Open(path);
        }
        catch (NamespaceNotFoundException e)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS '{path}' does not exist", e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS '{path}' is not a network namespace", e.Message, e);
        }
        catch (NetlinkException e)
        {
            throw new CniException(CniErrorCode.IoFailure, $"cannot open CNI_NETNS '{path}'", e.Message, e);
        }

        if (pod.IsSameAs(host))
        {
            pod.Dispose();
            throw new CniException(
                CniErrorCode.InvalidEnvironment,
                $"CNI_NETNS '{path}' is the plugin's own network namespace",
                "the runtime must pass the pod's namespace, not the node's");
        }

        return pod;
    }

    /// <summary>The one namespace excursion of a command: a socket that acts inside the pod.</summary>
    public static RtnetlinkSocket OpenSocket(NetworkNamespace pod)
    {
        string name = "pod namespace " + pod.Path;
        return pod.Run(() => RtnetlinkSocket.Open(name));
    }
}
