namespace EsCni.Projections.Ec2;

/// <summary>Counts of one EC2 action's calls.</summary>
/// <param name="Api">The EC2 action.</param>
/// <param name="Calls">All calls.</param>
/// <param name="Succeeded">Succeeded calls.</param>
/// <param name="Failed">Failed calls (throttled included).</param>
/// <param name="Throttled">Calls refused with a throttling error.</param>
/// <param name="Pending">Calls with no recorded outcome.</param>
public sealed record Ec2ApiTotals(string Api, int Calls, int Succeeded, int Failed, int Throttled, int Pending);
