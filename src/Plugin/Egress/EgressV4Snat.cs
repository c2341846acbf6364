using System.Diagnostics;

namespace EsCni.Plugin.Egress;

/// <summary>The node-wide `nat POSTROUTING` rule that SNATs IPv6 pods' 169.254.172.0/22 egress to the node's IPv4.</summary>
/// <remarks>
/// The VPC CNI's egress-cni adds one chain per pod; one rule for the whole /22 does the same job, needs nothing per
/// pod (so DEL has no rule to remove and a crashed ADD leaves none behind) and is ensured on every IPv6 ADD under the
/// egress pool's lock, which keeps concurrent ADDs from appending it twice. Multicast stays un-NATed, as in the VPC
/// CNI (snat.Add's 224.0.0.0/4 exclusion). With no node address configured the rule MASQUERADEs, which picks the
/// outgoing interface's primary address — the node's primary ENI address for the default route.
/// </remarks>
internal static class EgressV4Snat
{
    public const string Comment = "escni: IPv4 egress of IPv6 pods";

    /// <summary>Makes the rule present with exactly this target; replaces an escni rule with another target.</summary>
    /// <param name="nodeIp">The SNAT source, or null for MASQUERADE.</param>
    public static void Ensure(IPAddress? nodeIp, Action<string> log)
    {
        string[] target = nodeIp is null ? ["-j", "MASQUERADE"] : ["-j", "SNAT", "--to-source", nodeIp.ToString()];
        string wanted = string.Join(' ', target);
        bool present = false;
        foreach (string line in Iptables("-S", "POSTROUTING").Split('\n'))
        {
            if (!line.Contains(Comment, StringComparison.Ordinal))
            {
                continue;
            }

            if (line.EndsWith(wanted, StringComparison.Ordinal) && !present)
            {
                present = true;
                continue;
            }

            // A rule of ours with another target (the node address changed) or a duplicate: delete it by its own spec.
            List<string> spec = SplitRule(line);
            spec[0] = "-D";
            Iptables([.. spec]);
            log($"deleted outdated SNAT rule: {line}");
        }

        if (!present)
        {
            Iptables(["-A", "POSTROUTING", .. Match(), .. target]);
            log($"added SNAT rule for {EgressV4Pool.Network}/{EgressV4Pool.PrefixLength}: {wanted}");
        }
    }

    private static string[] Match() =>
        ["-s", $"{EgressV4Pool.Network}/{EgressV4Pool.PrefixLength}", "!", "-d", "224.0.0.0/4", "-m", "comment", "--comment", Comment];

    /// <summary>Splits an `iptables -S` line into arguments, honouring the double quotes around a comment.</summary>
    private static List<string> SplitRule(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    args.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            args.Add(current.ToString());
        }

        return args;
    }

    private static string Iptables(params string[] args)
    {
        // -w: wait for the xtables lock instead of failing when kube-proxy or the daemon holds it.
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/iptables") ? "/usr/sbin/iptables" : "iptables")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["-w", "-t", "nat", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)
            ?? throw new CniException(CniErrorCode.Internal, "cannot start iptables for the IPv4 egress SNAT rule");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CniException(
                CniErrorCode.Internal,
                $"iptables -t nat {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Trim()}",
                "the IPv6 pod's IPv4 egress needs iptables with the nat table on the node");
        }

        return stdout;
    }
}
