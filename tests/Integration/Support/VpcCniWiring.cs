using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EsCni.Integration.Support;

/// <summary>
/// Pods wired the VPC CNI's way (vpc-cni.md §3), host side and pod side: veth eni&lt;sha1(ns.pod)[:11]&gt; in the node,
/// eth0 with the /32 in the pod, and the host's /32 route to the pod through the veth plus its `to POD lookup main` rule.
/// </summary>
internal static class VpcCniWiring
{
    /// <summary>10.10.0.101 onwards: the running pods' IPs, secondary IPs of the primary ENI in EC2.</summary>
    public static string[] PodIps(int count) => Enumerable.Range(101, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"10.10.0.{i}")).ToArray();

    /// <summary>The instance the scenario runs (the VPC CNI's ENI tags name it).</summary>
    public const string InstanceId = "i-0sim00000000000001";

    /// <summary>The ENI the VPC CNI created and attached at device index 1 (route table 2), when the stack has one.</summary>
    public const string SecondaryEniId = "eni-0sim0000000000002";

    /// <summary>The cluster named in the VPC CNI's ENI tags.</summary>
    public const string ClusterName = "takeover-cluster";

    private const int MainTable = 254;

    /// <summary>
    /// A node stack (m5.xlarge) whose primary ENI holds <paramref name="podIps"/> in EC2: what a node the VPC CNI ran
    /// looks like; with <paramref name="secondaryEniPodIps"/>, also an ENI the VPC CNI created (its `aws-K8S-`
    /// description and tags) at device index 1 holding those. MINIMUM_IP_TARGET above what the tests use keeps the
    /// warm pool from giving IPs back to EC2 mid-test.
    /// </summary>
    public static Task<NodeStack> StartStackAsync(IReadOnlyList<string> podIps, IReadOnlyList<string>? secondaryEniPodIps = null)
    {
        string secondary = secondaryEniPodIps is null ? string.Empty : $$"""
            ,
                "extraEnis": [{ "id": "{{SecondaryEniId}}", "deviceIndex": 1, "subnetId": "subnet-0sim000000000001", "mac": "02:00:0a:0a:00:14", "primaryIp": "10.10.0.20",
                  "secondaryIps": [{{Quoted(secondaryEniPodIps)}}], "description": "aws-K8S-{{InstanceId}}",
                  "tags": { "node.k8s.amazonaws.com/instance_id": "{{InstanceId}}", "cluster.k8s.amazonaws.com/name": "{{ClusterName}}", "node.k8s.amazonaws.com/createdAt": "2026-12-01T00:00:00Z" } }]
            """;
        string scenario = $$"""
            {
              "instance": {
                "instanceType": "m5.xlarge",
                "primaryEni": { "id": "eni-0sim0000000000001", "subnetId": "subnet-0sim000000000001", "mac": "02:00:0a:0a:00:0a", "primaryIp": "10.10.0.10",
                  "secondaryIps": [{{Quoted(podIps)}}] }{{secondary}}
              }
            }
            """;
        return NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "20",
            ["MINIMUM_IP_TARGET"] = "50",
        }, scenarioJson: scenario);
    }

    /// <summary>
    /// Wires one pod in namespace `default` as the VPC CNI's plugin does; its name is <paramref name="podName"/> plus
    /// the netns's random suffix, so parallel runs never share a veth. <paramref name="eniTable"/> other than main adds
    /// the `from POD lookup T prio 1536` rule of a pod on a secondary ENI.
    /// </summary>
    public static (string Veth, string PodName) Wire(NetworkNamespace node, List<NetworkNamespace> pods, string podName, string ip, int eniTable = MainTable)
    {
        NetworkNamespace pod = NetworkNamespace.Create("escni-hold");
        pods.Add(pod);
        string name = $"{podName}-{pod.Name}";
        string veth = "eni" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"default.{name}")))[..11];
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "add", "eth0", "type", "veth", "peer", "name", veth, "netns", node.Name);
        node.Exec("ip", "link", "set", veth, "up");
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "set", "eth0", "up");
        NetworkNamespace.Run("ip", "-n", pod.Name, "route", "replace", "169.254.1.1/32", "dev", "eth0", "scope", "link");
        NetworkNamespace.Run("ip", "-n", pod.Name, "route", "replace", "default", "via", "169.254.1.1", "dev", "eth0");
        NetworkNamespace.Run("ip", "-n", pod.Name, "addr", "add", ip + "/32", "dev", "eth0");
        string hostMac = node.Exec("cat", $"/sys/class/net/{veth}/address").Trim();
        NetworkNamespace.Run("ip", "-n", pod.Name, "neigh", "replace", "169.254.1.1", "lladdr", hostMac, "dev", "eth0", "nud", "permanent");
        node.Exec("ip", "route", "replace", ip + "/32", "dev", veth, "scope", "link");
        node.Exec("ip", "rule", "add", "to", ip, "lookup", "main", "prio", "512");
        if (eniTable != MainTable)
        {
            node.Exec("ip", "rule", "add", "from", ip, "lookup", eniTable.ToString(CultureInfo.InvariantCulture), "prio", "1536");
        }

        return (veth, name);
    }

    /// <summary>
    /// Wires one IPv6 pod as the VPC CNI's plugin does in IPv6 mode (the same shape escni's plugin wires): the /128 on
    /// eth0 (no DAD), `fe80::1` as the gateway with a permanent neighbour entry for the host veth's MAC, and on the node
    /// the `/128 dev eni…` route and `to POD lookup main prio 512` rule. Names as in <see cref="Wire"/>.
    /// </summary>
    public static (string Veth, string PodName, NetworkNamespace Netns) WireIpv6(NetworkNamespace node, List<NetworkNamespace> pods, string podName, string ip)
    {
        NetworkNamespace pod = NetworkNamespace.Create("escni-v6to");
        pods.Add(pod);
        string name = $"{podName}-{pod.Name}";
        string veth = "eni" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"default.{name}")))[..11];
        pod.Exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=0", "net.ipv6.conf.default.accept_dad=0");
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "add", "eth0", "type", "veth", "peer", "name", veth, "netns", node.Name);
        node.Exec("sysctl", "-qw", $"net.ipv6.conf.{veth}.accept_dad=0", $"net.ipv6.conf.{veth}.accept_ra=0");
        pod.Exec("sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0");
        node.Exec("ip", "link", "set", veth, "up");
        NetworkNamespace.Run("ip", "-n", pod.Name, "link", "set", "eth0", "up");
        NetworkNamespace.Run("ip", "-n", pod.Name, "-6", "addr", "add", ip + "/128", "dev", "eth0", "nodad");
        NetworkNamespace.Run("ip", "-n", pod.Name, "-6", "route", "replace", "fe80::1/128", "dev", "eth0");
        NetworkNamespace.Run("ip", "-n", pod.Name, "-6", "route", "replace", "default", "via", "fe80::1", "dev", "eth0");
        string hostMac = node.Exec("cat", $"/sys/class/net/{veth}/address").Trim();
        NetworkNamespace.Run("ip", "-n", pod.Name, "-6", "neigh", "replace", "fe80::1", "lladdr", hostMac, "dev", "eth0", "nud", "permanent");
        node.Exec("ip", "-6", "route", "replace", ip + "/128", "dev", veth);
        node.Exec("ip", "-6", "rule", "add", "to", ip, "lookup", "main", "prio", "512");
        return (veth, name, pod);
    }

    /// <summary>
    /// Writes the VPC CNI's checkpoint (`vpc-cni-ipam/1`, network `aws-cni`, ifName eth0, pods in `default`) of
    /// <paramref name="entries"/> to the stack's aws-node/ipam.json and points the daemon at it; returns the path.
    /// An IPv6 node's checkpoint (<paramref name="ipv6"/>) names each address "ipv6" instead of "ipv4".
    /// </summary>
    public static string WriteCheckpoint(NodeStack stack, IEnumerable<(string Container, string Ip, string Pod)> entries, bool ipv6 = false)
    {
        string path = Path.Combine(stack.WorkDirectory, "aws-node", "ipam.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            version = "vpc-cni-ipam/1",
            allocations = entries.Select(e => new Dictionary<string, object>
            {
                ["networkName"] = "aws-cni",
                ["containerID"] = e.Container,
                ["ifName"] = "eth0",
                [ipv6 ? "ipv6" : "ipv4"] = e.Ip,
                ["allocationTimestamp"] = 1_690_000_000_000_000_000,
                ["metadata"] = new Dictionary<string, object> { ["k8sPodNamespace"] = "default", ["k8sPodName"] = e.Pod, ["interfacesCount"] = 1 },
            }),
        }));
        stack.SetDaemonVariable("AWS_VPC_K8S_CNI_BACKING_STORE", path);
        return path;
    }

    private static string Quoted(IEnumerable<string> ips) => string.Join(", ", ips.Select(ip => $"\"{ip}\""));
}
