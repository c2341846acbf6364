using Microsoft.Win32.SafeHandles;

namespace EsCni.Plugin.Wiring;

/// <summary>The per-interface IPv6 sysctls of an IPv6 pod's veth ends (VPC CNI driver.go, setHostVethV6Sysctls).</summary>
/// <remarks>
/// /proc/sys/net resolves to the network namespace of the thread that opens the file, so the pod's values are
/// written from inside the pod's namespace (one short excursion, <see cref="NetworkNamespace.Run{T}"/>) and the
/// host's from the plugin's own thread. All are set before the host end comes up: the kernel starts address
/// configuration (link-local address, DAD) when the pair gets carrier, and reads these values then.
/// </remarks>
internal static class Ipv6Sysctls
{
    /// <summary>
    /// Host end: IPv6 on (a node booted with default.disable_ipv6=1 would create it without, and the host /128 route
    /// through it would be refused), no router advertisements (the node is the router here), accept redirects, not a router on
    /// this port (the VPC CNI's three), and no DAD: with DAD the host end's link-local address stays
    /// "tentative" for about a second, during which the kernel refuses to send neighbour solicitations from it
    /// (ndisc_send_ns finds no usable source) and the node cannot reach the pod.
    /// </summary>
    public static readonly (string Name, string Value)[] HostVeth =
        [("disable_ipv6", "0"), ("accept_ra", "0"), ("accept_redirects", "1"), ("forwarding", "0"), ("accept_dad", "0")];

    /// <summary>Pod end: IPv6 on (a namespace may start with it off), no DAD on a link whose only peer is ours.</summary>
    public static readonly (string Name, string Value)[] PodInterface = [("disable_ipv6", "0"), ("accept_dad", "0")];

    /// <summary>Pod loopback: IPv6 on, so ::1 works inside the pod (the VPC CNI enables it too).</summary>
    public static readonly (string Name, string Value)[] PodLoopback = [("disable_ipv6", "0")];

    /// <summary>Writes the host end's values from the calling (host) thread.</summary>
    public static void ApplyToHost(string hostVeth) => Write(hostVeth, HostVeth);

    /// <summary>Writes the pod interface's and loopback's values from inside <paramref name="pod"/>.</summary>
    public static void ApplyToPod(NetworkNamespace pod, string ifName)
    {
        // The excursion only opens and writes two-digit files: no logging, no tasks (Netns/README.md).
        pod.Run(() =>
        {
            Write(ifName, PodInterface);
            Write("lo", PodLoopback);
            return true;
        });
    }

    private static void Write(string ifName, (string Name, string Value)[] values)
    {
        foreach ((string name, string value) in values)
        {
            string path = $"/proc/sys/net/ipv6/conf/{ifName}/{name}";
            try
            {
                using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
                RandomAccess.Write(file, System.Text.Encoding.ASCII.GetBytes(value), 0);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new NetlinkException($"write {value} to {path}", Errnos.ENOENT, "no such sysctl: is IPv6 disabled on this kernel (ipv6.disable=1)?");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new NetlinkException($"write {value} to {path}", Errnos.EPERM, e.Message);
            }
        }
    }
}
