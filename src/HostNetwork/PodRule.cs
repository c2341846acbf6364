using System.Net;

namespace EsCni.HostNetwork;

/// <summary>A per-pod policy rule on the host: `to POD lookup main prio 512` or `from POD lookup T prio 1536`.</summary>
/// <param name="Priority">512 (to pod) or 1536 (from pod).</param>
/// <param name="PodIp">The pod's IP (the rule's /32 selector).</param>
/// <param name="Table">The table looked up (main = 254, an ENI's table = device index + 1).</param>
public sealed record PodRule(int Priority, IPAddress PodIp, int Table);
