using EsCni.Domain.Events;

namespace EsCni.Projections.Ec2;

/// <summary>Folds intent/outcome event pairs into an <see cref="Ec2CallLedger"/>.</summary>
/// <remarks>
/// Intents open a call (EniCreateRequested by ClientToken; EniDetachRequested, PoolIpsRequested and
/// PoolIpsReleaseRequested by ENI) and the matching outcome closes it. Attach and delete have no intent event, so an
/// EniAttached carrying an AWS request id (ours, not one found at startup) and every EniDeleted count as one-event
/// calls. A PoolIpsAdded with no open request is IPs found on the ENI, not a call.
/// </remarks>
public sealed class Ec2CallLedgerProjection : IProjection
{
    private readonly List<Ec2Call> _calls = [];
    private readonly Dictionary<(string Api, string Subject), int> _open = [];

    /// <summary>The read model so far.</summary>
    public Ec2CallLedger Ledger => new(_calls.ToList());

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        long lsn = recorded.Lsn;
        switch (recorded.Event)
        {
            case EniCreateRequested e:
                Open("CreateNetworkInterface", e.ClientToken, lsn, e);
                break;
            case EniCreated e:
                Close("CreateNetworkInterface", e.ClientToken, lsn, e, null);
                break;
            case EniCreateFailed e:
                Close("CreateNetworkInterface", e.ClientToken, lsn, e, e.ErrorCode);
                break;
            case EniAttached e when e.Cause.AwsRequestId is not null:
                Single("AttachNetworkInterface", e.EniId, lsn, e);
                break;
            case EniDetachRequested e:
                Open("DetachNetworkInterface", e.EniId, lsn, e);
                break;
            case EniDetached e:
                Close("DetachNetworkInterface", e.EniId, lsn, e, null);
                break;
            case EniDetachFailed e:
                Close("DetachNetworkInterface", e.EniId, lsn, e, e.ErrorCode);
                break;
            case EniDeleted e:
                Single("DeleteNetworkInterface", e.EniId, lsn, e);
                break;
            case PoolIpsRequested e:
                Open("AssignPrivateIpAddresses", e.EniId, lsn, e);
                break;
            case PoolIpsAdded e:
                Close("AssignPrivateIpAddresses", e.EniId, lsn, e, null);
                break;
            case PoolIpsRequestFailed e:
                Close("AssignPrivateIpAddresses", e.EniId, lsn, e, e.ErrorCode);
                break;
            case PoolIpsReleaseRequested e:
                Open("UnassignPrivateIpAddresses", e.EniId, lsn, e);
                break;
            case PoolIpsRemoved e:
                Close("UnassignPrivateIpAddresses", e.EniId, lsn, e, null);
                break;
            case PoolIpsReleaseFailed e:
                Close("UnassignPrivateIpAddresses", e.EniId, lsn, e, e.ErrorCode);
                break;
            default:
                break;
        }
    }

    private void Open(string api, string subject, long lsn, DomainEvent e)
    {
        _open[(api, subject)] = _calls.Count;
        _calls.Add(new Ec2Call(api, subject, e.At, lsn, Ec2CallOutcome.Pending, null, null, null, null, e.Cause.ClientToken ?? TokenOf(e)));
    }

    private void Close(string api, string subject, long lsn, DomainEvent e, string? errorCode)
    {
        if (!_open.Remove((api, subject), out int index))
        {
            return;
        }

        _calls[index] = _calls[index] with
        {
            Outcome = errorCode is null ? Ec2CallOutcome.Succeeded : Ec2CallOutcome.Failed,
            CompletedAt = e.At,
            CompletedLsn = lsn,
            ErrorCode = errorCode,
            AwsRequestId = e.Cause.AwsRequestId,
            ClientToken = _calls[index].ClientToken ?? e.Cause.ClientToken,
        };
    }

    private void Single(string api, string subject, long lsn, DomainEvent e) =>
        _calls.Add(new Ec2Call(api, subject, e.At, lsn, Ec2CallOutcome.Succeeded, e.At, lsn, null, e.Cause.AwsRequestId, e.Cause.ClientToken));

    private static string? TokenOf(DomainEvent e) => e is EniCreateRequested r ? r.ClientToken : null;
}
