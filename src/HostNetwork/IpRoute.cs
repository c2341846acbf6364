namespace EsCni.HostNetwork;

/// <summary>An IPv4 route as `ip -json route show table all` reports it, with the destination as `address/len`.</summary>
/// <param name="Destination">The destination; `default` becomes 0.0.0.0/0 and a bare host address gets /32.</param>
/// <param name="Gateway">The `via` address, or null for a link route.</param>
/// <param name="Device">The output link name, or null.</param>
/// <param name="Table">The table id (main = 254, local = 255).</param>
/// <param name="Scope">The scope (`link`, `host`), or null for universe.</param>
internal sealed record IpRoute(string Destination, string? Gateway, string? Device, int Table, string? Scope);
