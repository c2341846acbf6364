using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EsCni.Integration.Support;

/// <summary>
/// Pods wired the VPC CNI's way (vpc-cni.md §3), host side and pod side: veth eni&lt;sha1(ns.pod)[:11]&gt; in the node,
/// eth0 with the /32 in the pod, and the host's /32 route to the pod through the veth plus its `to POD lookup main` rule.
/// </summary>
internal static class VpcCniWiring
{
    /// <summary>10.10.0.101 onwards: the running pods' IPs, secondary IPs of the primary ENI in EC2.</summary>
    public static string[] PodIps(int count) => Enumerable.Range(101, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"10.10.0.{i}")).ToArray();

    /// <summary>
    /// A node stack (m5.xlarge) whose primary ENI holds <paramref name="podIps"/> in EC2: what a node the VPC CNI ran
    /// looks like. MINIMUM_IP_TARGET above what the tests use keeps the warm pool from giving IPs back to EC2 mid-test.
    /// </summary>
    public static Task<NodeStack> StartStackAsync(IReadOnlyList<string> podIps)
    {
        string scenario = $$"""
            {
              "instance": {
                "instanceType": "m5.xlarge",
                "primaryEni": { "id": "eni-0sim0000000000001", "subnetId": "subnet-0sim000000000001", "mac": "02:00:0a:0a:00:0a", "primaryIp": "10.10.0.10",
                  "secondaryIps": [{{string.Join(", ", podIps.Select(ip => $"\"{ip}\""))}}] }
              }
            }
            """;
        return NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "20",
            ["MINIMUM_IP_TARGET"] = "50",
        }, scenarioJson: scenario);
    }

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
