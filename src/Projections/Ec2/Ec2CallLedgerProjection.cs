using EsCni.Domain.Events;

namespace EsCni.Projections.Ec2;

/// <summary>Folds intent/outcome event pairs into an <see cref="Ec2CallLedger"/>.</summary>
/// <remarks>Which events are calls is <see cref="Ec2CallOfEvent"/>'s to say; this keeps each call's times, LSNs and ids.</remarks>
public sealed class Ec2CallLedgerProjection : IProjection
{
    private readonly List<Ec2Call> _calls = [];
    private readonly Dictionary<string, int> _open = [];

    /// <summary>The read model so far.</summary>
    public Ec2CallLedger Ledger => new(_calls.ToList());

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        if (Ec2CallOfEvent.Of(recorded.Event) is not { } step)
        {
            return;
        }

        DomainEvent e = recorded.Event;
        long lsn = recorded.Lsn;
        switch (step.Kind)
        {
            case Ec2CallStepKind.Intent:
                _open[step.Key] = _calls.Count;
                _calls.Add(new Ec2Call(step.Api, step.Subject, e.At, lsn, Ec2CallOutcome.Pending, null, null, null, null, e.Cause.ClientToken ?? TokenOf(e)));
                break;
            case Ec2CallStepKind.Outcome when _open.Remove(step.Key, out int index):
                _calls[index] = _calls[index] with
                {
                    Outcome = step.ErrorCode is null ? Ec2CallOutcome.Succeeded : Ec2CallOutcome.Failed,
                    CompletedAt = e.At,
                    CompletedLsn = lsn,
                    ErrorCode = step.ErrorCode,
                    AwsRequestId = e.Cause.AwsRequestId,
                    ClientToken = _calls[index].ClientToken ?? e.Cause.ClientToken,
                };
                break;
            case Ec2CallStepKind.Whole:
                _calls.Add(new Ec2Call(step.Api, step.Subject, e.At, lsn, Ec2CallOutcome.Succeeded, e.At, lsn, null, e.Cause.AwsRequestId, e.Cause.ClientToken));
                break;
            default:
                break;
        }
    }

    private static string? TokenOf(DomainEvent e) => e is EniCreateRequested r ? r.ClientToken : null;
}
