namespace EsCni.Plugin.Netlink;

/// <summary>One link as RTM_NEWLINK reports it.</summary>
internal sealed record LinkEntry(int Index, string Name, uint Flags, uint Mtu, byte[] Mac)
{
    public bool IsUp => (Flags & Native.if_link.IFF_UP) != 0;

    public string MacText => Convert.ToHexString(Mac).ToLowerInvariant() switch
    {
        { Length: 12 } hex => string.Join(':', hex[0..2], hex[2..4], hex[4..6], hex[6..8], hex[8..10], hex[10..12]),
        var other => other,
    };
}
