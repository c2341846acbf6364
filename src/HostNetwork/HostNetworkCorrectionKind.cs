namespace EsCni.HostNetwork;

/// <summary>What part of host networking a correction repaired; the daemon maps each to a drift event.</summary>
public enum HostNetworkCorrectionKind
{
    /// <summary>An ENI link had the wrong MTU.</summary>
    LinkMtu,

    /// <summary>An ENI link was down.</summary>
    LinkUp,

    /// <summary>An ENI link lacked its primary IP, or carried a stray global IPv4 address.</summary>
    LinkAddress,

    /// <summary>An ENI route table lacked its gateway or default route.</summary>
    Route,

    /// <summary>The kernel's subnet route for a secondary ENI was in the main table.</summary>
    MainSubnetRoute,

    /// <summary>The `from ENI-IP lookup T prio 32765` rule was missing, pointed elsewhere, or was left by a detached ENI.</summary>
    EniRule,

    /// <summary>The `fwmark 0x80/0x80 lookup main prio 1024` rule was missing.</summary>
    FwmarkRule,

    /// <summary>The SNAT chain's rules differed from the settings and were rewritten.</summary>
    SnatChain,

    /// <summary>The POSTROUTING jump to the SNAT chain was missing.</summary>
    SnatJump,

    /// <summary>SNAT rules were present although external SNAT is on, and were removed.</summary>
    SnatRemoved,

    /// <summary>A connmark chain's rules (nat or mangle) differed and were rewritten.</summary>
    ConnmarkChain,

    /// <summary>A PREROUTING jump to a connmark chain was missing or duplicated.</summary>
    ConnmarkJump,

    /// <summary>The nat connmark chain was present although external SNAT is on, and was removed.</summary>
    ConnmarkRemoved,

    /// <summary>The VPC CNI's SNAT and connmark rules, left by a takeover, were removed once EsCni's were in place.</summary>
    VpcCniRulesRemoved,
}
