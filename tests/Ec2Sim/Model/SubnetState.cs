namespace EsCni.Ec2Sim.Model;

/// <summary>A subnet with its live free-address count, as /admin/state and DescribeSubnets report it.</summary>
public sealed record SubnetState(Subnet Subnet, int AvailableIpAddressCount);
