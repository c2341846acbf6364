using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>One subnet's addresses over time, summed over the nodes whose ENIs live in it: would these settings have run it dry, and when?</summary>
/// <remarks>
/// A node's use of its subnet is every secondary IP it holds plus one primary address per attached ENI. Every ENI of a
/// node is counted in its primary ENI's subnet, where the daemon creates them. The capacity is the CIDR's size less the
/// five addresses AWS reserves in every subnet; other tenants of the subnet (load balancers, instances without EsCni)
/// are not in any journal, so "runs out" is the earliest it could have happened, and the real moment was sooner.
/// </remarks>
/// <param name="SubnetId">The subnet.</param>
/// <param name="Cidr">Its CIDR, from the ENIs' EniAttached.</param>
/// <param name="Capacity">Addresses usable by ENIs.</param>
/// <param name="Nodes">Nodes counted in it.</param>
/// <param name="PeakUse">Most addresses used at once.</param>
/// <param name="PeakAt">When.</param>
/// <param name="RunsOutAt">The first moment use reached the capacity, or null.</param>
public sealed record SubnetRunOut(string SubnetId, string Cidr, int Capacity, int Nodes, int PeakUse, DateTimeOffset PeakAt, DateTimeOffset? RunsOutAt)
{
    /// <summary>Addresses AWS keeps in every subnet (network, router, DNS, future use, broadcast).</summary>
    public const int AwsReserved = 5;

    /// <summary>Sums the traces of one subnet's nodes.</summary>
    public static SubnetRunOut Of(string subnetId, string cidr, IReadOnlyList<PoolTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        int capacity = CapacityOf(cidr);
        List<DateTimeOffset> moments = traces.SelectMany(t => t.Points.Select(p => p.At)).Distinct().Order().ToList();
        int peak = -1;
        DateTimeOffset peakAt = default;
        DateTimeOffset? runsOut = null;
        foreach (DateTimeOffset at in moments)
        {
            int use = traces.Where(t => t.Start <= at).Sum(t => t.At(at) is var p ? p.Held + p.Enis : 0);
            if (use > peak)
            {
                (peak, peakAt) = (use, at);
            }

            if (runsOut is null && capacity > 0 && use >= capacity)
            {
                runsOut = at;
            }
        }

        return new SubnetRunOut(subnetId, cidr, capacity, traces.Count, Math.Max(peak, 0), peakAt, runsOut);
    }

    /// <summary>Usable addresses of an IPv4 CIDR ("10.0.32.0/20" → 4091); 0 when the CIDR cannot be read.</summary>
    public static int CapacityOf(string cidr)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) && prefix is >= 16 and <= 28
            ? (1 << (32 - prefix)) - AwsReserved
            : 0;
    }

    /// <summary>"runs out at 14:02" or "never: peak 812 of 4091 (20%)".</summary>
    public string Verdict() => RunsOutAt is { } at
        ? string.Create(CultureInfo.InvariantCulture, $"would have run out at {ReplayFormat.Time(at)}")
        : string.Create(CultureInfo.InvariantCulture, $"never ran out: peak {PeakUse} of {Capacity} ({(Capacity == 0 ? 0 : (double)PeakUse / Capacity):0%}) at {ReplayFormat.Time(PeakAt)}");
}
