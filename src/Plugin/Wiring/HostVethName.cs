using System.Text;

namespace EsCni.Plugin.Wiring;

/// <summary>Names the host end of a pod's veth the way the VPC CNI does (pkg/networkutils/names.go).</summary>
internal static class HostVethName
{
    public const string Prefix = "eni";

    /// <summary>
    /// "eni" + the first 11 hex digits of sha1("&lt;namespace&gt;.&lt;pod&gt;") — 14 characters, within IFNAMSIZ.
    /// Keeping the VPC CNI's formula means tools and docs that derive the name from the pod keep working.
    /// Without Kubernetes args (a bare runtime), the container id is hashed instead.
    /// </summary>
    public static string For(string podNamespace, string podName, string containerId) => For(Prefix, podNamespace, podName, containerId);

    /// <summary>The same formula under another three-letter prefix (the IPv4 egress veth uses "eg4").</summary>
    public static string For(string prefix, string podNamespace, string podName, string containerId)
    {
        string key = podNamespace.Length > 0 && podName.Length > 0 ? $"{podNamespace}.{podName}" : containerId;
        Span<byte> hash = stackalloc byte[Sha1.HashSize];
        Sha1.HashData(Encoding.UTF8.GetBytes(key), hash);
        return prefix + Convert.ToHexStringLower(hash)[..11];
    }
}
