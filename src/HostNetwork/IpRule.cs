namespace EsCni.HostNetwork;

/// <summary>An IPv4 policy rule as `ip -json rule` reports it, with prefixes made explicit.</summary>
/// <param name="Priority">The rule priority.</param>
/// <param name="From">The source selector as `address/len`, or null for `from all`.</param>
/// <param name="To">The destination selector as `address/len`, or null.</param>
/// <param name="FwMark">The fwmark selector as `0xMARK/0xMASK`, or null.</param>
/// <param name="Table">The table id (main = 254).</param>
internal sealed record IpRule(int Priority, string? From, string? To, string? FwMark, int Table);
