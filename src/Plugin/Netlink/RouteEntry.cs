namespace EsCni.Plugin.Netlink;

/// <summary>One route as RTM_NEWROUTE reports it (Destination null = default route).</summary>
internal sealed record RouteEntry(uint Table, IPAddress? Destination, int DestinationLength, IPAddress? Gateway, int OutputIndex, byte Scope);
