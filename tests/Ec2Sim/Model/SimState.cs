using System.Collections.Generic;
using EsCni.Ec2Sim.Faults;

namespace EsCni.Ec2Sim.Model;

/// <summary>A consistent snapshot of everything the simulator holds, taken under its lock (/admin/state).</summary>
public sealed record SimState(
    string Region,
    Vpc Vpc,
    IReadOnlyList<SubnetState> Subnets,
    Instance Instance,
    IReadOnlyList<Eni> Enis,
    FaultSettings Faults);
