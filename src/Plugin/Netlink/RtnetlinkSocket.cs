namespace EsCni.Plugin.Netlink;

/// <summary>The rtnetlink operations the plugin needs, on one socket bound to one network namespace.</summary>
/// <remarks>
/// Each aspect lives in its own partial (Links, Addresses, Routes, Neighbours, Rules). Request builders are
/// static and pure so their byte layout is unit-tested without privileges; the instance methods send them.
/// Only IPv4 is plumbed: the daemon hands out IPv4 addresses (vpc-cni.md: IPv6 is a separate mode).
/// </remarks>
internal sealed partial class RtnetlinkSocket : IDisposable
{
    private readonly NetlinkSocket _socket;

    private RtnetlinkSocket(NetlinkSocket socket, string namespaceName)
    {
        _socket = socket;
        NamespaceName = namespaceName;
    }

    /// <summary>Which namespace this socket acts in, for messages ("host", or the CNI_NETNS path).</summary>
    public string NamespaceName { get; }

    /// <summary>Opens a socket in the calling thread's current namespace (see Netns/README.md).</summary>
    public static RtnetlinkSocket Open(string namespaceName) => new(NetlinkSocket.Open(), namespaceName);

    public void Dispose() => _socket.Dispose();

    private string In => " in " + NamespaceName;
}
