namespace EsCni.Plugin.Netlink;

/// <summary>One interface address as RTM_NEWADDR reports it.</summary>
/// <param name="Flags">IFA_F_* (IFA_FLAGS when the kernel sends it, else the header byte).</param>
internal sealed record AddressEntry(int Index, IPAddress Address, int PrefixLength, uint Flags = 0)
{
    /// <summary>IPv6 duplicate address detection has not finished: the kernel will not use the address yet.</summary>
    public bool IsTentative => (Flags & Native.if_addr.IFA_F_TENTATIVE) != 0;
}
