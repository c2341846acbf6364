namespace EsCni.Plugin.Netlink;

/// <summary>The rtnetlink operations the plugin needs, on one socket bound to one network namespace.</summary>
/// <remarks>
/// Each aspect lives in its own partial (Links, Addresses, Routes, Neighbours, Rules). Request builders are
/// static and pure so their byte layout is unit-tested without privileges; the instance methods send them.
/// IPv4 and IPv6 both: a request's family follows the addresses it carries; dumps take the family to list.
/// </remarks>
internal sealed partial class RtnetlinkSocket : IDisposable
{
    private const byte AF_INET = 2;
    private const byte AF_INET6 = 10;

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

    /// <summary>The /32 or /128 that names one host of the address's family.</summary>
    public static byte HostPrefixLength(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)128 : (byte)32;

    /// <summary>The kernel's AF_* for the address (.NET's AddressFamily.InterNetworkV6 is 23, Linux's AF_INET6 is 10).</summary>
    private static byte Family(IPAddress address) => Family(address.AddressFamily);

    private static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"address family {family} is not IPv4 or IPv6", nameof(family)),
    };
}
