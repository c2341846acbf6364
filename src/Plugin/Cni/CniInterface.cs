namespace EsCni.Plugin.Cni;

/// <summary>An interfaces[] entry: the host veth (no sandbox) or the pod's interface (sandbox = netns).</summary>
internal sealed class CniInterface
{
    public string? Name { get; set; }

    public string? Mac { get; set; }

    /// <summary>Only in 1.1.0 results.</summary>
    public int? Mtu { get; set; }

    public string? Sandbox { get; set; }
}
