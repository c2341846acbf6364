namespace EsCni.Plugin.Netlink;

/// <summary>One interface address as RTM_NEWADDR reports it.</summary>
internal sealed record AddressEntry(int Index, IPAddress Address, int PrefixLength);
