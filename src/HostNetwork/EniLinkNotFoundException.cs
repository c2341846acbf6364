namespace EsCni.HostNetwork;

/// <summary>No link in the node's namespace carries an attached ENI's MAC, even after waiting for hotplug.</summary>
public sealed class EniLinkNotFoundException : HostNetworkException
{
    /// <summary>Creates the exception for the ENI whose link did not appear.</summary>
    public EniLinkNotFoundException(string eniId, string mac, TimeSpan waited)
        : base($"ENI {eniId}: no link with MAC {mac} appeared in the node's network namespace after {waited.TotalSeconds:0.#} s; " +
               "check that the ENI is attached to this instance (DescribeNetworkInterfaces) and that the daemon runs in the host network namespace")
    {
        EniId = eniId;
        Mac = mac;
    }

    /// <summary>The ENI whose link is missing.</summary>
    public string EniId { get; }

    /// <summary>The MAC that was looked for.</summary>
    public string Mac { get; }
}
