namespace EsCni.Ec2Sim.Model;

/// <summary>The network limits of one EC2 instance type, as DescribeInstanceTypes reports them.</summary>
/// <param name="Name">API name, e.g. "m5.large".</param>
/// <param name="MaxNetworkInterfaces">ENIs the instance can have attached, primary included.</param>
/// <param name="Ipv4AddressesPerInterface">IPv4 slots per ENI, primary address included; a /28 prefix takes one slot.</param>
/// <param name="Ipv6AddressesPerInterface">IPv6 addresses per ENI.</param>
/// <param name="DefaultVCpus">vCPUs, for a realistic DescribeInstanceTypes answer.</param>
/// <param name="MemoryMiB">Memory, for a realistic DescribeInstanceTypes answer.</param>
/// <param name="NetworkPerformance">Marketing bandwidth string EC2 reports.</param>
public sealed record InstanceTypeLimits(
    string Name,
    int MaxNetworkInterfaces,
    int Ipv4AddressesPerInterface,
    int Ipv6AddressesPerInterface,
    int DefaultVCpus,
    int MemoryMiB,
    string NetworkPerformance);
