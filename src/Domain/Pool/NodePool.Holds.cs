using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Pool;

/// <summary>Holds: IPs that evidence outside the journal shows in use, never handed out whatever else the pool says.</summary>
/// <remarks>
/// A hold is keyed by IP alone, not by slot: the host can show a pod on an IP before the pool knows the IP (an
/// empty journal next to running pods), and the hold must still apply when that IP joins the pool later. A held
/// slot is not in the free set, so AllocateIp never picks it and the warm-pool policy sees it as in use and
/// grows the pool around it.
/// </remarks>
public sealed partial class NodePool
{
    private readonly Dictionary<Ipv4Address, IpHeld> _holds = [];

    /// <summary>Every held IP with the evidence that holds it, by IP.</summary>
    public IReadOnlyList<IpHeld> GetHolds() => _holds.Values.OrderBy(h => h.Ip).ToList();

    /// <summary>The hold on an IP, if any.</summary>
    public bool TryGetHold(Ipv4Address ip, [NotNullWhen(true)] out IpHeld? hold) => _holds.TryGetValue(ip, out hold);

    private bool IsHeld(Ipv4Address ip) => _holds.ContainsKey(ip);

    private Decision DecideHoldIp(HoldIp c)
    {
        if (_holds.ContainsKey(c.Ip))
        {
            return Decision.Unchanged();
        }

        if (_ips.TryGetValue(c.Ip, out IpSlot? slot) && slot.Owner is { } owner)
        {
            return Decision.Reject(RejectionCode.IpAllocated,
                $"IP {c.Ip} is allocated to {owner.Key} ({owner.Pod}) in the journal; the evidence ({c.Evidence}) is that allocation's pod, not a stranger. Quarantine the allocation if they disagree.");
        }

        return Decision.Accept(Held(c, c.Ip, c.Source, c.Evidence, c.HostVeth, c.PeerNetns, c.PeerIfIndex, c.ObservedAt));
    }

    private Decision DecideLiftHold(LiftHold c) =>
        _holds.ContainsKey(c.Ip)
            ? Decision.Accept(Lifted(c, c.Ip, c.Why))
            : Decision.Unchanged();

    private IpHeld Held(PoolCommand c, Ipv4Address ip, HoldSource source, string evidence, string hostVeth, string peerNetns, int peerIfIndex, System.DateTimeOffset observedAt) =>
        new(Id(c, nameof(IpHeld), ip.ToString()), c.At, c.Cause, ip, source, evidence, hostVeth, peerNetns, peerIfIndex, observedAt);

    private IpHoldLifted Lifted(PoolCommand c, Ipv4Address ip, string why) => new(Id(c, nameof(IpHoldLifted), ip.ToString()), c.At, c.Cause, ip, why);

    private void ApplyHeld(IpHeld e)
    {
        _holds[e.Ip] = e;
        if (_ips.TryGetValue(e.Ip, out IpSlot? slot))
        {
            RefreshFree(slot);
        }
    }

    private void ApplyHoldLifted(IpHoldLifted e)
    {
        if (_holds.Remove(e.Ip) && _ips.TryGetValue(e.Ip, out IpSlot? slot))
        {
            RefreshFree(slot);
        }
    }
}
