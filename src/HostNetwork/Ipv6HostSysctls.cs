namespace EsCni.HostNetwork;

/// <summary>
/// The node's IPv6 sysctls as the VPC CNI's init container sets them for ENABLE_IPv6 (reference/vpc-cni.md, "Host
/// sysctls (init)"): forward IPv6 (the node routes every pod's /128), keep accepting router advertisements on the
/// primary interface although it forwards, and IPv6 not disabled.
/// </summary>
/// <remarks>
/// <c>accept_ra=2</c> matters: with <c>forwarding=1</c> the kernel ignores RAs at the default <c>accept_ra=1</c>, so
/// the node would lose its IPv6 default route (learned from the VPC router's RA) when its lease runs out. Each value is
/// read before it is written, so a pass that finds them set changes nothing and reports nothing.
/// </remarks>
public sealed class Ipv6HostSysctls
{
    private readonly HostCommandRunner _runner;

    /// <summary>Creates the setter over the namespace <paramref name="runner"/> runs commands in.</summary>
    public Ipv6HostSysctls(HostCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>The settings for a node whose primary interface is <paramref name="primaryInterface"/> (null when not found yet: the all/ ones only).</summary>
    public static IReadOnlyList<(string Key, string Value)> Desired(string? primaryInterface)
    {
        var desired = new List<(string, string)>
        {
            ("net.ipv6.conf.all.disable_ipv6", "0"),
            ("net.ipv6.conf.all.forwarding", "1"),
        };
        if (primaryInterface is not null)
        {
            desired.Add(($"net.ipv6.conf.{primaryInterface}.accept_ra", "2"));
        }

        return desired;
    }

    /// <summary>The name of the link with <paramref name="mac"/> (the primary ENI's interface), or null when the host shows none.</summary>
    /// <exception cref="HostCommandFailedException">`ip` failed.</exception>
    public async Task<string?> FindInterfaceAsync(string mac, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<IpLink> links = await HostNetworkSnapshot.ReadLinksAsync(_runner, cancellationToken).ConfigureAwait(false);
        return links.FirstOrDefault(l => string.Equals(l.Mac, mac, StringComparison.OrdinalIgnoreCase))?.Name;
    }

    /// <summary>Sets what differs; returns each change as "key: old → new" (empty when all were already set).</summary>
    /// <exception cref="HostNetworkException">A sysctl cannot be read or written (IPv6 disabled on the kernel command line, or no permission).</exception>
    public async Task<IReadOnlyList<string>> EnsureAsync(string? primaryInterface, CancellationToken cancellationToken = default)
    {
        var changed = new List<string>();
        foreach ((string key, string value) in Desired(primaryInterface))
        {
            HostCommandResult read = await _runner.RunAsync("sysctl", ["-n", key], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (read.ExitCode != 0)
            {
                throw new HostNetworkException($"cannot read sysctl {key} ({read.Stderr.Trim()}); ENABLE_IPv6=true needs a kernel with IPv6 "
                    + "(not booted with ipv6.disable=1) and the daemon running as root in the node's network namespace");
            }

            string current = read.Stdout.Trim();
            if (current == value)
            {
                continue;
            }

            HostCommandResult write = await _runner.RunAsync("sysctl", ["-qw", $"{key}={value}"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (write.ExitCode != 0)
            {
                throw new HostNetworkException($"cannot set sysctl {key}={value} ({write.Stderr.Trim()}); IPv6 pods need it. Run the daemon privileged, or set it on the node");
            }

            changed.Add($"{key}: {current} → {value}");
        }

        return changed;
    }
}
