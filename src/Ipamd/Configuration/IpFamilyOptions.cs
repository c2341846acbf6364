namespace EsCni.Ipamd.Configuration;

/// <summary>
/// Which address family pods get: IPv4 (the default) or IPv6 (<c>ENABLE_IPv6</c>, issue #17), never both — the VPC CNI
/// has no dual stack either (its <c>isConfigValid</c> refuses ENABLE_IPv4 and ENABLE_IPv6 both true or both false).
/// </summary>
/// <remarks>
/// The VPC CNI reads <c>ENABLE_IPv4</c> as false when unset and its manifest sets it to true; an IPv6 cluster's manifest
/// sets ENABLE_IPv4=false and ENABLE_IPv6=true. We default ENABLE_IPv4 to the opposite of ENABLE_IPv6, so a DaemonSet
/// that names neither keeps IPv4 and one that only sets ENABLE_IPv6=true is IPv6 — and a manifest written for the
/// VPC CNI (both named) is read exactly as the VPC CNI reads it.
/// </remarks>
public sealed record IpFamilyOptions
{
    /// <summary><c>ENABLE_IPv6</c>, default false: pods get one /128 each from the node's IPv6 /80 (requires <c>ENABLE_PREFIX_DELEGATION=true</c>).</summary>
    public bool Ipv6 { get; init; }

    /// <summary><c>ENABLE_IPv4</c>, default the opposite of <c>ENABLE_IPv6</c>: pods get IPv4 addresses. Must differ from <c>ENABLE_IPv6</c>.</summary>
    public bool Ipv4 { get; init; } = true;

    /// <summary>Reads the options; records a problem when both or neither family is on, or IPv6 without prefix delegation.</summary>
    public static IpFamilyOptions Read(SettingsReader reader, bool prefixDelegation)
    {
        ArgumentNullException.ThrowIfNull(reader);
        bool ipv6 = reader.Bool("ENABLE_IPv6", false);
        bool ipv4 = reader.Bool("ENABLE_IPv4", !ipv6);
        if (ipv4 && ipv6)
        {
            reader.AddProblem("ENABLE_IPv4=true and ENABLE_IPv6=true: dual stack is not supported (nor by the VPC CNI); "
                + "for IPv6 pods set ENABLE_IPv4=false (or unset it), for IPv4 pods set ENABLE_IPv6=false.");
        }
        else if (!ipv4 && !ipv6)
        {
            reader.AddProblem("ENABLE_IPv4=false and ENABLE_IPv6 is not true: pods would get no address; "
                + "set ENABLE_IPv4=true (IPv4 pods) or ENABLE_IPv6=true with ENABLE_PREFIX_DELEGATION=true (IPv6 pods).");
        }

        if (ipv6 && !prefixDelegation)
        {
            reader.AddProblem("ENABLE_IPv6=true requires ENABLE_PREFIX_DELEGATION=true: IPv6 pods get their addresses from the node's "
                + "IPv6 /80 prefix, as in the VPC CNI (which refuses this combination too); set ENABLE_PREFIX_DELEGATION=true, or ENABLE_IPv6=false.");
        }

        return new IpFamilyOptions { Ipv6 = ipv6, Ipv4 = ipv4 };
    }
}
