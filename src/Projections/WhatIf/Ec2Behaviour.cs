using EsCni.Domain.Events;
using EsCni.Projections.Ec2;

namespace EsCni.Projections.WhatIf;

/// <summary>The model of EC2 a what-if replays against: per action, the latency and failure rate the node's own journal recorded.</summary>
/// <remarks>
/// Intent → outcome pairs give latency and failures (<see cref="Ec2CallOfEvent"/> is the one definition of a call).
/// AttachNetworkInterface and DeleteNetworkInterface have no intent event, so their latency is taken between the
/// events that precede them in the daemon's sequence: EniCreated → EniAttached and EniDetached → EniDeleted of one ENI.
/// An action the journal never timed gets a default close to what EC2 answers in a quiet region; the report says
/// which ones (<see cref="Ec2ApiBehaviour.Observed"/> = 0).
/// </remarks>
public sealed class Ec2Behaviour
{
    /// <summary>The action names, in the order the daemon uses them.</summary>
    public const string Create = "CreateNetworkInterface", Attach = "AttachNetworkInterface", Assign = "AssignPrivateIpAddresses",
        Unassign = "UnassignPrivateIpAddresses", Detach = "DetachNetworkInterface", Delete = "DeleteNetworkInterface";

    private static readonly Dictionary<string, TimeSpan> s_defaults = new(StringComparer.Ordinal)
    {
        [Create] = TimeSpan.FromMilliseconds(600),
        [Attach] = TimeSpan.FromMilliseconds(1500),
        [Assign] = TimeSpan.FromMilliseconds(300),
        [Unassign] = TimeSpan.FromMilliseconds(300),
        [Detach] = TimeSpan.FromMilliseconds(1500),
        [Delete] = TimeSpan.FromMilliseconds(300),
    };

    private readonly Dictionary<(string Api, string Subject), DateTimeOffset> _open = [];
    private readonly Dictionary<string, List<TimeSpan>> _latencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _failures = new(StringComparer.Ordinal);

    /// <summary>Every action the simulation calls.</summary>
    public static IReadOnlyList<string> Apis { get; } = [Create, Attach, Assign, Unassign, Detach, Delete];

    /// <summary>Folds one journal event.</summary>
    public void Observe(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case EniCreated created:
                _open[(Attach, created.EniId)] = created.At;
                break;
            case EniAttached attached when _open.Remove((Attach, attached.EniId), out DateTimeOffset since):
                Add(Attach, attached.At - since, null);
                break;
            case EniDetached detached:
                _open[(Delete, detached.EniId)] = detached.At;
                break;
            case EniDeleted deleted when _open.Remove((Delete, deleted.EniId), out DateTimeOffset since):
                Add(Delete, deleted.At - since, null);
                break;
        }

        if (Ec2CallOfEvent.Of(e) is not { } step)
        {
            return;
        }

        if (step.Kind == Ec2CallStepKind.Intent)
        {
            _open[(step.Api, step.Subject)] = e.At;
        }
        else if (step.Kind == Ec2CallStepKind.Outcome && _open.Remove((step.Api, step.Subject), out DateTimeOffset since))
        {
            Add(step.Api, e.At - since, step.ErrorCode);
        }
    }

    /// <summary>The behaviour of <paramref name="api"/>: median latency, failure rate and code.</summary>
    public Ec2ApiBehaviour Of(string api)
    {
        List<TimeSpan> latencies = _latencies.GetValueOrDefault(api) ?? [];
        List<string> failures = _failures.GetValueOrDefault(api) ?? [];
        if (latencies.Count == 0)
        {
            return new Ec2ApiBehaviour(api, s_defaults.GetValueOrDefault(api, TimeSpan.FromMilliseconds(500)), 0, "RequestLimitExceeded", 0);
        }

        List<TimeSpan> sorted = latencies.Order().ToList();
        string code = failures.GroupBy(f => f, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "RequestLimitExceeded";
        return new Ec2ApiBehaviour(api, sorted[sorted.Count / 2], (double)failures.Count / latencies.Count, code, latencies.Count);
    }

    /// <summary>Every action's behaviour, in <see cref="Apis"/> order.</summary>
    public IReadOnlyList<Ec2ApiBehaviour> All() => Apis.Select(Of).ToList();

    private void Add(string api, TimeSpan latency, string? errorCode)
    {
        if (latency < TimeSpan.Zero)
        {
            return; // a clock step between intent and outcome is no latency worth modelling
        }

        (_latencies.TryGetValue(api, out List<TimeSpan>? list) ? list : _latencies[api] = []).Add(latency);
        if (errorCode is not null)
        {
            (_failures.TryGetValue(api, out List<string>? codes) ? codes : _failures[api] = []).Add(errorCode);
        }
    }
}
