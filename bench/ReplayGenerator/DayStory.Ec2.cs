using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.WarmPool;

namespace EsCni.Bench.ReplayGenerator;

/// <summary>The day's warm-pool loop and EC2: the daemon's PoolMaintenanceLoop (5 s tick, up to 16 actions, one call at a time) against an EC2 with jittered latency and throttling.</summary>
public sealed partial class DayStory
{
    /// <summary>m5.xlarge: 4 ENIs × 15 IPv4 addresses.</summary>
    public const int MaxEnis = 4, IpsPerEni = 15;

    /// <summary>The node's subnet.</summary>
    public const string Subnet = "subnet-0day", SubnetCidr = "10.0.32.0/20";

    private readonly Queue<(double MedianMs, Func<PoolCommand> Outcome)> _stages = new();
    private readonly Queue<uint> _returnedIps = new();  // EC2 hands unassigned addresses out again
    private uint _nextIp = Ipv4Address.Parse("10.0.32.20").Value;
    private DateTimeOffset _stageDue;
    private DateTimeOffset _nextTick = Midnight;
    private int _stepsLeft;
    private bool _acted;
    private int _enis;

    private void TickLoop()
    {
        if (_stages.Count > 0 || _now < _nextTick)
        {
            return;
        }

        while (_nextTick <= _now)
        {
            _nextTick += s_tick;
        }

        _stepsLeft = 16;
        Step();
    }

    private void CompleteDueStage()
    {
        if (_stages.Count == 0 || _now < _stageDue)
        {
            return;
        }

        TryDo(_stages.Dequeue().Outcome());
        if (_stages.Count > 0)
        {
            _stageDue = _now + Latency(_stages.Peek().MedianMs);
        }
        else if (_acted && _stepsLeft > 0)
        {
            Step();
        }
    }

    private void Step()
    {
        _stepsLeft--;
        _acted = false;
        Cause warm = Cause.Of(CauseKind.WarmPool);
        switch (WarmPoolPolicy.Decide(_pool.GetWarmPoolView(_now), _targets, new InstanceLimits(MaxEnis, IpsPerEni)))
        {
            case WarmPoolDecision.AddIps add when TryDo(new RecordPoolIpsRequested(_now, warm, add.EniId, add.Count)):
                _acted = !Throttled(0.03);
                _stages.Enqueue((280, _acted
                    ? () => new RecordPoolIpsAdded(_now, Ec2Cause(), add.EniId, NewIps(add.Count))
                    : () => new RecordPoolIpsRequestFailed(_now, Ec2Cause(), add.EniId, "RequestLimitExceeded", "Request limit exceeded.")));
                break;
            case WarmPoolDecision.AttachEni attach:
                string token = Guid.NewGuid().ToString("N");
                TryDo(new RecordEniCreateRequested(_now, new Cause(CauseKind.WarmPool, ClientToken: token), token, Subnet));
                if (Throttled(0.02))
                {
                    _stages.Enqueue((650, () => new RecordEniCreateFailed(_now, Ec2Cause(), token, "RequestLimitExceeded", "Request limit exceeded.")));
                    break;
                }

                _acted = true;
                string eniId = EniId(++_enis);
                _stages.Enqueue((650, () => new RecordEniCreated(_now, Ec2Cause(), eniId, token, Subnet)));
                _stages.Enqueue((1800, () => new RecordEniAttached(_now, Ec2Cause(), eniId, NextDevice(), "02:00:00:00:02:" + _enis.ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
                    Subnet, _subnetCidr, NewIps(1)[0])));
                _stages.Enqueue((0, () => new RecordPoolIpsAdded(_now, Ec2Cause(), eniId, NewIps(attach.SecondaryIpCount))));
                break;
            case WarmPoolDecision.ReleaseIps release when TryDo(new RequestPoolIpsRelease(_now, warm, release.EniId, release.Ips)):
                _acted = true;
                _stages.Enqueue((220, () =>
                {
                    foreach (Ipv4Address ip in release.Ips)
                    {
                        _returnedIps.Enqueue(ip.Value);
                    }

                    return new RecordPoolIpsRemoved(_now, Ec2Cause(), release.EniId, release.Ips);
                }
                ));
                break;
            case WarmPoolDecision.DetachEni detach when TryDo(new RequestEniDetach(_now, warm, detach.EniId)):
                _acted = true;
                _stages.Enqueue((1600, () => new RecordEniDetached(_now, Ec2Cause(), detach.EniId)));
                _stages.Enqueue((350, () => new RecordEniDeleted(_now, Ec2Cause(), detach.EniId)));
                break;
        }

        if (_stages.Count > 0)
        {
            _stageDue = _now + Latency(_stages.Peek().MedianMs);
        }
    }

    private bool Throttled(double rate) => _random.NextDouble() < rate;

    /// <summary>Log-normal around the median (σ 0.35): most calls near it, a few two or three times slower.</summary>
    private TimeSpan Latency(double medianMs)
    {
        double normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return TimeSpan.FromMilliseconds(medianMs * Math.Exp(0.35 * normal));
    }

    private int NextDevice()
    {
        HashSet<int> used = _pool.GetEnis().Select(e => e.DeviceIndex).ToHashSet();
        int index = 1;
        while (used.Contains(index))
        {
            index++;
        }

        return index;
    }

    private ValueList<Ipv4Address> NewIps(int count)
    {
        List<Ipv4Address> ips = [];
        for (int i = 0; i < count; i++)
        {
            ips.Add(new Ipv4Address(_returnedIps.Count > 0 ? _returnedIps.Dequeue() : _nextIp++));
        }

        return new ValueList<Ipv4Address>(ips);
    }
}
