using EsCni.Domain.Events;

namespace EsCni.Projections.Ec2;

/// <summary>
/// The one definition of "an EC2 call" in a journal, shared by <c>replay stats</c> (<see cref="Ec2CallLedgerProjection"/>)
/// and the cluster store (<c>ClusterProjection</c>), so both count the same calls for one journal.
/// </summary>
/// <remarks>
/// Intents open a call (EniCreateRequested by ClientToken; EniDetachRequested, PoolIpsRequested and
/// PoolIpsReleaseRequested by ENI) and the matching outcome settles it. Attach and delete have no intent event, so an
/// EniAttached carrying an AWS request id (ours, not one found at startup) and every EniDeleted are whole calls.
/// An outcome with no open intent is not a call: PoolIpsAdded after an attach lists the IPs the ENI came with, and
/// the reconciler's PoolIpsAdded/PoolIpsRemoved record what it found on EC2.
/// </remarks>
public static class Ec2CallOfEvent
{
    /// <summary>The step <paramref name="e"/> is in an EC2 call, or null when it has nothing to do with one.</summary>
    public static Ec2CallStep? Of(DomainEvent e) => e switch
    {
        EniCreateRequested r => Intent("CreateNetworkInterface", r.ClientToken),
        EniCreated o => Outcome("CreateNetworkInterface", o.ClientToken, null),
        EniCreateFailed f => Outcome("CreateNetworkInterface", f.ClientToken, f.ErrorCode),
        EniAttached a when a.Cause.AwsRequestId is not null => new Ec2CallStep("AttachNetworkInterface", a.EniId, Ec2CallStepKind.Whole, null),
        EniDetachRequested r => Intent("DetachNetworkInterface", r.EniId),
        EniDetached o => Outcome("DetachNetworkInterface", o.EniId, null),
        EniDetachFailed f => Outcome("DetachNetworkInterface", f.EniId, f.ErrorCode),
        EniDeleted d => new Ec2CallStep("DeleteNetworkInterface", d.EniId, Ec2CallStepKind.Whole, null),
        PoolIpsRequested r => Intent("AssignPrivateIpAddresses", r.EniId),
        PoolIpsAdded o => Outcome("AssignPrivateIpAddresses", o.EniId, null),
        PoolIpsRequestFailed f => Outcome("AssignPrivateIpAddresses", f.EniId, f.ErrorCode),
        PoolIpsReleaseRequested r => Intent("UnassignPrivateIpAddresses", r.EniId),
        PoolIpsRemoved o => Outcome("UnassignPrivateIpAddresses", o.EniId, null),
        PoolIpsReleaseFailed f => Outcome("UnassignPrivateIpAddresses", f.EniId, f.ErrorCode),
        PoolPrefixesRequested r => Intent("AssignPrivateIpAddresses", r.EniId),
        PoolPrefixesAdded o => Outcome("AssignPrivateIpAddresses", o.EniId, null),
        PoolPrefixesRequestFailed f => Outcome("AssignPrivateIpAddresses", f.EniId, f.ErrorCode),
        PoolPrefixesReleaseRequested r => Intent("UnassignPrivateIpAddresses", r.EniId),
        PoolPrefixesRemoved o => Outcome("UnassignPrivateIpAddresses", o.EniId, null),
        PoolPrefixesReleaseFailed f => Outcome("UnassignPrivateIpAddresses", f.EniId, f.ErrorCode),
        _ => null,
    };

    private static Ec2CallStep Intent(string api, string subject) => new(api, subject, Ec2CallStepKind.Intent, null);

    private static Ec2CallStep Outcome(string api, string subject, string? errorCode) => new(api, subject, Ec2CallStepKind.Outcome, errorCode);
}
