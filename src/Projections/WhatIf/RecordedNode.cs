using EsCni.Domain.Pool;

namespace EsCni.Projections.WhatIf;

/// <summary>What a node's journal says about one window: the demand to replay, the pool it started from, how EC2 behaved and what actually happened.</summary>
/// <param name="Node">The node's identity and limits in force at the window's start (NodeStarted).</param>
/// <param name="PrimaryEni">The primary ENI (device 0): its subnet is where the daemon creates every other ENI.</param>
/// <param name="Start">The window's start.</param>
/// <param name="End">The window's end.</param>
/// <param name="ColdStart">True when the window opens at the daemon's first start: the simulated pool then fills from empty, with latency and counted calls, as the real one did.</param>
/// <param name="LiveAtStart">Allocations live when the window opens (none on a cold start).</param>
/// <param name="Demand">ADDs and DELs inside the window, in journal order.</param>
/// <param name="Ec2">EC2's behaviour over the whole journal.</param>
/// <param name="Actual">What the real pool did in the window.</param>
/// <param name="ActualCalls">EC2 mutations the real daemon made in the window, by action.</param>
/// <param name="ActualEnisCreated">ENIs the real daemon created in the window.</param>
public sealed record RecordedNode(
    NodeInfo Node,
    EniInfo PrimaryEni,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool ColdStart,
    IReadOnlyList<Allocation> LiveAtStart,
    IReadOnlyList<DemandEvent> Demand,
    Ec2Behaviour Ec2,
    PoolTrace Actual,
    IReadOnlyDictionary<string, int> ActualCalls,
    int ActualEnisCreated)
{
    /// <summary>ADDs in the window.</summary>
    public int Adds => Demand.Count(d => d.IsAdd);
}
