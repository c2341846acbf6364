namespace EsCni.Domain.WarmPool;

/// <summary>What the warm-pool loop should do next; one action per decision, the loop asks again after recording it.</summary>
/// <param name="Reason">The numbers behind the decision, for logs.</param>
public abstract record WarmPoolDecision(string Reason)
{
    /// <summary>Nothing to do.</summary>
    public sealed record None(string Reason) : WarmPoolDecision(Reason);

    /// <summary>Assign Count secondary IPs to an attached ENI (RecordPoolIpsRequested, AssignPrivateIpAddresses).</summary>
    public sealed record AddIps(string EniId, int Count, string Reason) : WarmPoolDecision(Reason);

    /// <summary>Create and attach a new ENI with SecondaryIpCount secondary IPs, or, when PrefixCount &gt; 0, with that many /28 prefixes instead.</summary>
    public sealed record AttachEni(int SecondaryIpCount, string Reason) : WarmPoolDecision(Reason)
    {
        /// <summary>/28 prefixes to create the ENI with (Ipv4PrefixCount); 0 in secondary-IP mode.</summary>
        public int PrefixCount { get; init; }
    }

    /// <summary>Assign Count /28 prefixes to an attached ENI (RecordPoolPrefixesRequested, AssignPrivateIpAddresses with Ipv4PrefixCount).</summary>
    public sealed record AddPrefixes(string EniId, int Count, string Reason) : WarmPoolDecision(Reason);

    /// <summary>Give these prefixes, every address free and cooled down, back to EC2 (RequestPoolPrefixesRelease, UnassignPrivateIpAddresses with Ipv4Prefixes).</summary>
    public sealed record ReleasePrefixes(string EniId, ValueList<Ipv4Prefix> Prefixes, string Reason) : WarmPoolDecision(Reason);

    /// <summary>Give these free, cooled-down IPs of the ENI back to EC2 (RequestPoolIpsRelease, UnassignPrivateIpAddresses).</summary>
    public sealed record ReleaseIps(string EniId, ValueList<Ipv4Address> Ips, string Reason) : WarmPoolDecision(Reason);

    /// <summary>Detach and delete an unused ENI (RequestEniDetach).</summary>
    public sealed record DetachEni(string EniId, string Reason) : WarmPoolDecision(Reason);
}
