using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>The pool a scenario starts the window with.</summary>
/// <remarks>
/// On a cold start (the window opens at the daemon's first start) the pool is what the real one was: the primary ENI
/// with no secondary IPs, and the loop fills it with latency and counted calls. A window opened mid-journal starts
/// warm: the pods live at that moment keep an IP, and the pool is then brought to the scenario's own steady state at
/// once, uncounted, because those calls would have been made before the window.
/// </remarks>
public sealed partial class WhatIfSimulation
{
    private const int MaxSettleSteps = 1000; // far above what any target needs; guards against a policy that never settles

    private void StartNode()
    {
        NodeInfo node = _recorded.Node;
        EniInfo primary = _recorded.PrimaryEni;
        Cause startup = Cause.Of(CauseKind.Startup);
        Execute(new InitNode(_now, startup, node.InstanceId, node.InstanceType, node.AvailabilityZone, node.VpcCidrs, node.MaxEnis, node.IpsPerEni, node.Build,
            _scenario.IpCooldown ?? node.IpCooldown));
        Execute(new RecordEniAttached(_now, startup, primary.EniId, 0, primary.Mac, primary.SubnetId, primary.SubnetCidr, primary.PrimaryIp));
        if (_recorded.ColdStart)
        {
            return;
        }

        foreach (Allocation live in _recorded.LiveAtStart)
        {
            DemandEvent add = new(_now, live.Key, live.Pod, live.Netns, default);
            while (!Allocate(add) && GrowForLivePod())
            {
            }
        }

        for (int step = 0; step < MaxSettleSteps; step++)
        {
            StartAction(WarmPoolPolicy.Decide(_pool.GetWarmPoolView(_now), _scenario.Targets, _limits));
            if (_stages.Count == 0)
            {
                break;
            }

            while (_stages.TryDequeue(out Stage? stage))
            {
                Execute(stage.Outcome(_now));
            }
        }
    }

    /// <summary>Makes room for one pod that was live when the window opened: an IP on an ENI with room, else a new ENI; false at the instance's limit.</summary>
    private bool GrowForLivePod()
    {
        EniInfo? withRoom = _pool.GetEnis().FirstOrDefault(e => e.Ips.Count < _limits.PodIpsPerEni);
        if (withRoom is not null)
        {
            return Execute(new RecordPoolIpsAdded(_now, s_warmPool, withRoom.EniId, FreshIps(1)));
        }

        if (_pool.GetEnis().Count >= Math.Min(_limits.MaxEnis, _scenario.Targets.MaxEni ?? int.MaxValue))
        {
            return false;
        }

        AttachEni(0);
        while (_stages.TryDequeue(out Stage? stage))
        {
            Execute(stage.Outcome(_now));
        }

        return true;
    }
}
