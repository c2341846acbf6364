namespace EsCni.Domain.Events;

/// <summary>
/// How drift events name what they are about, so the code that records them and the code that finds them again
/// (`replay timeline`) agree: an ENI is <c>eni:&lt;id&gt;</c>, host networking <c>host:&lt;what&gt;</c> (a pod's host route
/// <c>host:pod:&lt;ip&gt;</c>, see PodHostDrift), a pod its IPAM key, the node's IPv6 /80 <c>ipv6prefix:&lt;/80&gt;</c>.
/// </summary>
public static class DriftSubject
{
    private const string EniPrefix = "eni:";

    /// <summary>The subject of drift about the ENI <paramref name="eniId"/>.</summary>
    public static string Eni(string eniId) => EniPrefix + eniId;

    /// <summary>The subject of drift about host networking (a link, rule, route or chain, as the reconciler names it).</summary>
    public static string Host(string what) => "host:" + what;

    /// <summary>The subject of drift about the node's IPv6 /80 (missing from its ENI in EC2).</summary>
    public static string Ipv6Prefix(string prefix) => "ipv6prefix:" + prefix;

    /// <summary>True when <paramref name="subject"/> names the ENI <paramref name="eniId"/> (bare ids, as older journals wrote, included).</summary>
    public static bool IsEni(string subject, string eniId)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject == eniId || (subject.StartsWith(EniPrefix, StringComparison.Ordinal) && subject.AsSpan(EniPrefix.Length).SequenceEqual(eniId));
    }
}
