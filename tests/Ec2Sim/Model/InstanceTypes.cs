using System.Collections.Frozen;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace EsCni.Ec2Sim.Model;

/// <summary>The instance types the simulator knows, with the ENI and IP limits the VPC CNI uses (misc/eni-max-pods.txt).</summary>
public static class InstanceTypes
{
    private static readonly InstanceTypeLimits[] s_all =
    [
        // maxPods = ENIs × (IPv4 per ENI − 1) + 2 gives the VPC CNI's numbers: m5.large 29, m5.xlarge 58, t3.micro 4.
        new("m5.large", 3, 10, 10, 2, 8192, "Up to 10 Gigabit"),
        new("m5.xlarge", 4, 15, 15, 4, 16384, "Up to 10 Gigabit"),
        new("m5.2xlarge", 4, 15, 15, 8, 32768, "Up to 10 Gigabit"),
        new("m5.4xlarge", 8, 30, 30, 16, 65536, "Up to 10 Gigabit"),
        new("c5.large", 3, 10, 10, 2, 4096, "Up to 10 Gigabit"),
        new("c5.xlarge", 4, 15, 15, 4, 8192, "Up to 10 Gigabit"),
        new("c5.2xlarge", 4, 15, 15, 8, 16384, "Up to 10 Gigabit"),
        new("t3.micro", 2, 2, 2, 2, 1024, "Up to 5 Gigabit"),
        new("t3.small", 3, 4, 4, 2, 2048, "Up to 5 Gigabit"),
        new("t3.medium", 3, 6, 6, 2, 4096, "Up to 5 Gigabit"),
        new("t3.large", 3, 12, 12, 2, 8192, "Up to 5 Gigabit"),
    ];

    private static readonly FrozenDictionary<string, InstanceTypeLimits> s_table = s_all.ToFrozenDictionary(t => t.Name, t => t);

    /// <summary>Every known type, in table order.</summary>
    public static IReadOnlyList<InstanceTypeLimits> All => s_all;

    /// <summary>Looks a type up by its API name.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out InstanceTypeLimits? limits) => s_table.TryGetValue(name, out limits);
}
