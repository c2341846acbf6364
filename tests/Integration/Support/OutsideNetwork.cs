namespace EsCni.Integration.Support;

/// <summary>
/// "The internet" behind a node: a namespace holding <see cref="Address"/> on its loopback, joined to the node by a
/// veth `uplink0` (192.0.2.1 node side, 192.0.2.2 outside). It routes back only to the node's primary IP, never to
/// a pod IP, so a pod's packet reaches it and is answered only when the node translated it (SNAT).
/// </summary>
internal sealed class OutsideNetwork : IDisposable
{
    /// <summary>The address pods talk to: outside the VPC, so pod traffic to it is translated.</summary>
    public const string Address = "203.0.113.7";

    private OutsideNetwork(NetworkNamespace outside)
    {
        Namespace = outside;
    }

    /// <summary>The outside's namespace.</summary>
    public NetworkNamespace Namespace { get; }

    /// <summary>Joins a new outside to <paramref name="node"/>, whose primary IP is <paramref name="primaryIp"/>.</summary>
    public static OutsideNetwork Join(NetworkNamespace node, string primaryIp)
    {
        NetworkNamespace outside = NetworkNamespace.Create("escni-out");
        try
        {
            node.Exec("ip", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink0", "netns", outside.Name);
            node.Exec("ip", "addr", "add", "192.0.2.1/30", "dev", "uplink0");
            node.Exec("ip", "link", "set", "uplink0", "up");
            node.Exec("ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.2", "dev", "uplink0");
            outside.Exec("ip", "addr", "add", "192.0.2.2/30", "dev", "uplink0");
            outside.Exec("ip", "link", "set", "uplink0", "up");
            outside.Exec("ip", "addr", "add", Address + "/32", "dev", "lo");
            outside.Exec("ip", "route", "add", primaryIp + "/32", "via", "192.0.2.1", "dev", "uplink0");
            return new OutsideNetwork(outside);
        }
        catch
        {
            outside.Dispose();
            throw;
        }
    }

    public void Dispose() => Namespace.Dispose();
}
