using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>The model of EC2: each policy decision becomes intent now and outcome(s) after the journal's own latency, as PoolMaintenanceLoop.Actions journals them.</summary>
/// <remarks>
/// Failures are injected at the journal's own rate per action, deterministically (an accumulator, not a random draw),
/// so two runs of one scenario agree and two scenarios see failures at the same share of their calls. Addresses are
/// drawn from 100.64.0.0/10: which address a pod gets does not change how many the node holds.
/// </remarks>
public sealed partial class WhatIfSimulation
{
    private static readonly Cause s_warmPool = Cause.Of(CauseKind.WarmPool);

    private readonly Queue<Stage> _stages = new();
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failedCalls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _failureDebt = new(StringComparer.Ordinal);
    private bool _counting;  // false while the window's starting pool is built: those calls happened before the window
    private bool _acted;     // the current step did something, so the loop may step again without waiting for a tick
    private int _enisCreated;
    private int _enisMade;
    private uint _nextIp = 0x64400000u; // 100.64.0.0

    /// <summary>One outcome of the action in flight, due <see cref="Delay"/> after the previous one.</summary>
    private sealed record Stage(TimeSpan Delay, Func<DateTimeOffset, PoolCommand> Outcome);

    private void StartAction(WarmPoolDecision decision)
    {
        _acted = false;
        switch (decision)
        {
            case WarmPoolDecision.AddIps add when Execute(new RecordPoolIpsRequested(_now, s_warmPool, add.EniId, add.Count)):
                if (Call(Ec2Behaviour.Assign, out Ec2ApiBehaviour assign))
                {
                    _stages.Enqueue(new Stage(assign.Latency, t => new RecordPoolIpsAdded(t, s_warmPool, add.EniId, FreshIps(add.Count))));
                    _acted = true;
                }
                else
                {
                    _stages.Enqueue(new Stage(assign.Latency, t => new RecordPoolIpsRequestFailed(t, s_warmPool, add.EniId, assign.FailureCode, "what-if: modelled failure")));
                }

                break;
            case WarmPoolDecision.AttachEni attach:
                AttachEni(attach.SecondaryIpCount);
                break;
            case WarmPoolDecision.ReleaseIps release when Execute(new RequestPoolIpsRelease(_now, s_warmPool, release.EniId, release.Ips)):
                if (Call(Ec2Behaviour.Unassign, out Ec2ApiBehaviour unassign))
                {
                    _stages.Enqueue(new Stage(unassign.Latency, t => new RecordPoolIpsRemoved(t, s_warmPool, release.EniId, release.Ips)));
                    _acted = true;
                }
                else
                {
                    _stages.Enqueue(new Stage(unassign.Latency, t => new RecordPoolIpsReleaseFailed(t, s_warmPool, release.EniId, release.Ips, unassign.FailureCode, "what-if: modelled failure")));
                }

                break;
            case WarmPoolDecision.DetachEni detach when Execute(new RequestEniDetach(_now, s_warmPool, detach.EniId)):
                if (Call(Ec2Behaviour.Detach, out Ec2ApiBehaviour detaching))
                {
                    Call(Ec2Behaviour.Delete, out Ec2ApiBehaviour delete);
                    _stages.Enqueue(new Stage(detaching.Latency, t => new RecordEniDetached(t, s_warmPool, detach.EniId)));
                    _stages.Enqueue(new Stage(delete.Latency, t => new RecordEniDeleted(t, s_warmPool, detach.EniId)));
                    _acted = true;
                }
                else
                {
                    _stages.Enqueue(new Stage(detaching.Latency, t => new RecordEniDetachFailed(t, s_warmPool, detach.EniId, detaching.FailureCode, "what-if: modelled failure")));
                }

                break;
        }
    }

    private void AttachEni(int secondaryIps)
    {
        string token = "whatif-" + (++_enisMade).ToString(CultureInfo.InvariantCulture);
        string subnet = _recorded.PrimaryEni.SubnetId;
        if (!Execute(new RecordEniCreateRequested(_now, new Cause(CauseKind.WarmPool, ClientToken: token), token, subnet)))
        {
            return;
        }

        if (!Call(Ec2Behaviour.Create, out Ec2ApiBehaviour create))
        {
            _stages.Enqueue(new Stage(create.Latency, t => new RecordEniCreateFailed(t, s_warmPool, token, create.FailureCode, "what-if: modelled failure")));
            return;
        }

        string eniId = "eni-whatif" + _enisMade.ToString("x7", CultureInfo.InvariantCulture);
        Call(Ec2Behaviour.Attach, out Ec2ApiBehaviour attach);
        _enisCreated += _counting ? 1 : 0;
        _acted = true;
        _stages.Enqueue(new Stage(create.Latency, t => new RecordEniCreated(t, s_warmPool, eniId, token, subnet)));
        _stages.Enqueue(new Stage(attach.Latency, t => new RecordEniAttached(t, s_warmPool, eniId, NextDeviceIndex(),
            "02:00:00:00:" + (_enisMade / 256 % 256).ToString("x2", CultureInfo.InvariantCulture) + ":" + (_enisMade % 256).ToString("x2", CultureInfo.InvariantCulture),
            subnet, _recorded.PrimaryEni.SubnetCidr, FreshIps(1)[0])));
        _stages.Enqueue(new Stage(TimeSpan.Zero, t => new RecordPoolIpsAdded(t, s_warmPool, eniId, FreshIps(secondaryIps))));
    }

    /// <summary>Counts a call of <paramref name="api"/>; false when the model fails it.</summary>
    private bool Call(string api, out Ec2ApiBehaviour behaviour)
    {
        behaviour = _recorded.Ec2.Of(api);
        if (!_counting)
        {
            return true;
        }

        _calls[api] = _calls.GetValueOrDefault(api) + 1;
        double debt = _failureDebt.GetValueOrDefault(api) + behaviour.FailureRate;
        bool fails = debt >= 1;
        _failureDebt[api] = fails ? debt - 1 : debt;
        if (fails)
        {
            _failedCalls[api] = _failedCalls.GetValueOrDefault(api) + 1;
        }

        return !fails;
    }

    private int NextDeviceIndex()
    {
        HashSet<int> used = _pool.GetEnis().Select(e => e.DeviceIndex).ToHashSet();
        int index = 1;
        while (used.Contains(index))
        {
            index++;
        }

        return index;
    }

    private ValueList<Ipv4Address> FreshIps(int count)
    {
        List<Ipv4Address> ips = new(count);
        for (int i = 0; i < count; i++)
        {
            ips.Add(new Ipv4Address(_nextIp++));
        }

        return new ValueList<Ipv4Address>(ips);
    }
}
