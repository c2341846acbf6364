using System.Security.Cryptography;
using System.Text;

namespace EsCni.Integration.Support;

/// <summary>
/// Pods wired the VPC CNI's way (vpc-cni.md §3), host side and pod side: veth eni&lt;sha1(ns.pod)[:11]&gt; in the node,
/// eth0 with the /32 in the pod, and the host's /32 route to the pod through the veth plus its `to POD lookup main` rule.
/// </summary>
internal static class VpcCniWiring
{
    /// <summary>Wires one pod in namespace `default`; its name is <paramref name="podName"/> plus the netns's random suffix, so parallel runs never share a veth.</summary>
    public static (string Veth, string PodName) Wire(NetworkNamespace node, List<NetworkNamespace> pods, string podName, string ip)
    {
        NetworkNamespace pod = NetworkNamespace.Create("escni-hold");
        pods.Add(pod);
        string name = $"{podName}-{pod.Name}";
        string veth = "eni" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"default.{name}")))[..11];
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "add", "eth0", "type", "veth", "peer", "name", veth, "netns", node.Name);
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "set", "eth0", "up");
        NetworkNamespace.Run("ip", "-n", pod.Name, "addr", "add", ip + "/32", "dev", "eth0");
        node.Exec("ip", "link", "set", veth, "up");
        node.Exec("ip", "route", "replace", ip + "/32", "dev", veth, "scope", "link");
        node.Exec("ip", "rule", "add", "to", ip, "lookup", "main", "prio", "512");
        return (veth, name);
    }
}
