namespace EsCni.Plugin.Netlink;

/// <summary>One neighbour entry as RTM_NEWNEIGH reports it.</summary>
internal sealed record NeighbourEntry(int Index, IPAddress Destination, byte[]? LinkAddress, ushort State);
