namespace EsCni.Ec2Sim.Model;

/// <summary>One private IPv4 address of an ENI; exactly one per ENI is primary.</summary>
public sealed record PrivateIp(string Address, bool Primary);
