using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>
/// Replays a window's recorded ADD/DEL demand through the real <see cref="NodePool"/> and <see cref="WarmPoolPolicy"/>
/// under one scenario's settings, against a model of EC2 learnt from the same journal.
/// </summary>
/// <remarks>
/// <para>A discrete-event simulation with one clock. Demand arrives at the recorded times and is decided by the real
/// aggregate (so cooldown, allocation order and every refusal are the daemon's own). The warm-pool loop is modelled as
/// the daemon runs it (PoolMaintenanceLoop): a tick every ESCNI_POOL_INTERVAL_MS, up to 16 policy steps per tick, each
/// step one EC2 action that blocks the loop for the action's recorded latency while ADDs and DELs keep arriving; the
/// intent is journaled when the call starts and the outcome when it ends, exactly as the daemon journals them.</para>
/// <para>An ADD the pool refuses waits, first in first out, until an IP is free (checked whenever the pool changes and
/// on every tick); its wait is the time the pod would have spent in ContainerCreating, less kubelet's retry back-off.
/// What is not modelled is listed in docs/tuning.md.</para>
/// </remarks>
public sealed partial class WhatIfSimulation
{
    private const int StepsPerTick = 16; // PoolMaintenanceLoop's bound on actions per tick

    private readonly RecordedNode _recorded;
    private readonly WhatIfScenario _scenario;
    private readonly InstanceLimits _limits;
    private readonly NodePool _pool = new();
    private readonly LinkedList<(DemandEvent Add, DateTimeOffset Since)> _waiting = new();
    private readonly List<WaitedAdd> _waited = [];
    private readonly PoolTrace _trace;
    private DateTimeOffset _now;
    private DateTimeOffset _lastTick;
    private DateTimeOffset _loopAt;
    private int _stepsLeft;

    private WhatIfSimulation(RecordedNode recorded, WhatIfScenario scenario)
    {
        _recorded = recorded;
        _scenario = scenario;
        _limits = new InstanceLimits(recorded.Node.MaxEnis, recorded.Node.IpsPerEni);
        _now = recorded.Start;
        StartNode();
        PoolCounts counts = _pool.GetCounts(_now);
        _trace = new PoolTrace(_now, counts.Allocated, counts.TotalIps, counts.Enis);
        _counting = true;
        _lastTick = _now;
        _loopAt = _now;
    }

    /// <summary>Replays <paramref name="recorded"/> under <paramref name="scenario"/>; deterministic (no randomness, no clock).</summary>
    public static ScenarioOutcome Run(RecordedNode recorded, WhatIfScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(scenario);
        return new WhatIfSimulation(recorded, scenario).Run();
    }

    private ScenarioOutcome Run()
    {
        IReadOnlyList<DemandEvent> demand = _recorded.Demand;
        DateTimeOffset end = _recorded.End;
        int next = 0;
        while (true)
        {
            // Demand first on a tie: a pod that arrives as the loop wakes is decided before the loop looks at the pool.
            if (next < demand.Count && demand[next].At <= _loopAt)
            {
                if (demand[next].At > end)
                {
                    break;
                }

                _now = demand[next].At;
                Serve(demand[next++]);
            }
            else
            {
                if (_loopAt > end)
                {
                    break;
                }

                _now = _loopAt;
                Wake();
            }
        }

        foreach ((DemandEvent add, DateTimeOffset since) in _waiting)
        {
            _waited.Add(new WaitedAdd(since, add.Key, end - since, Served: false));
        }

        _trace.Close(end);
        return new ScenarioOutcome(_scenario, _trace, _calls, _failedCalls, _enisCreated, _waited.OrderBy(w => w.At).ToList());
    }

    private void Serve(DemandEvent request)
    {
        if (request.IsAdd)
        {
            if (!_waiting.Any(w => w.Add.Key == request.Key) && !Allocate(request))
            {
                _waiting.AddLast((request, _now));
            }

            return;
        }

        for (LinkedListNode<(DemandEvent Add, DateTimeOffset Since)>? node = _waiting.First; node is not null; node = node.Next)
        {
            if (node.Value.Add.Key == request.Key)
            {
                // Deleted while still waiting: the pod never got an IP under this scenario.
                _waited.Add(new WaitedAdd(node.Value.Since, request.Key, _now - node.Value.Since, Served: false));
                _waiting.Remove(node);
                return;
            }
        }

        Execute(new ReleaseIpByKey(_now, Cause.Of(CauseKind.CniRequest), request.Key, request.Reason));
        ServeWaiting();
    }

    private bool Allocate(DemandEvent add) =>
        Execute(new AllocateIp(_now, Cause.Of(CauseKind.CniRequest), add.Key, add.Pod!, add.Netns.Length > 0 ? add.Netns : "/var/run/netns/whatif"));

    private void ServeWaiting()
    {
        while (_waiting.First is { } first && Allocate(first.Value.Add))
        {
            // Served at the very instant it arrived (an outcome recorded at the same time): it never waited.
            if (_now > first.Value.Since)
            {
                _waited.Add(new WaitedAdd(first.Value.Since, first.Value.Add.Key, _now - first.Value.Since, Served: true));
            }

            _waiting.RemoveFirst();
        }
    }

    /// <summary>The loop wakes: either the in-flight EC2 action reaches its next stage, or a tick is due.</summary>
    private void Wake()
    {
        if (_stages.Count > 0)
        {
            Stage stage = _stages.Dequeue();
            Execute(stage.Outcome(_now));
            if (_stages.Count > 0)
            {
                _loopAt = _now + _stages.Peek().Delay;
                return;
            }

            ServeWaiting();
            if (_acted && _stepsLeft > 0)
            {
                Step();
            }
            else
            {
                ScheduleTick();
            }

            return;
        }

        ServeWaiting();
        _stepsLeft = StepsPerTick;
        Step();
    }

    private void Step()
    {
        _stepsLeft--;
        WarmPoolDecision decision = WarmPoolPolicy.Decide(_pool.GetWarmPoolView(_now), _scenario.Targets, _limits);
        StartAction(decision);
        if (_stages.Count == 0)
        {
            ScheduleTick();
        }
        else
        {
            _loopAt = _now + _stages.Peek().Delay;
        }
    }

    /// <summary>PeriodicTimer semantics: ticks keep their phase, and a tick missed while an action ran fires at once.</summary>
    private void ScheduleTick()
    {
        TimeSpan interval = _scenario.LoopInterval;
        DateTimeOffset nextTick = _lastTick + interval;
        if (nextTick <= _now)
        {
            long missed = (_now - _lastTick).Ticks / interval.Ticks;
            _lastTick += TimeSpan.FromTicks(missed * interval.Ticks);
            _loopAt = _now;
            return;
        }

        _lastTick = nextTick;
        _loopAt = nextTick;
    }

    /// <summary>Decides and applies one command with the real aggregate; false when it refused.</summary>
    private bool Execute(PoolCommand command)
    {
        Decision decision = _pool.Decide(command);
        if (!decision.Accepted)
        {
            return false;
        }

        foreach (DomainEvent e in decision.Events)
        {
            _pool.Apply(new RecordedEvent(_pool.LastLsn + 1, e));
        }

        if (_counting && decision.Events.Count > 0)
        {
            PoolCounts counts = _pool.GetCounts(_now);
            _trace.Record(_now, counts.Allocated, counts.TotalIps, counts.Enis);
        }

        return true;
    }
}
