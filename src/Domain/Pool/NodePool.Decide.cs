namespace EsCni.Domain.Pool;

/// <summary>Decide: validates a command against the current state and returns the events that record it, without mutating anything.</summary>
/// <remarks>
/// The invariants of DESIGN.md §3 are enforced here, before anything reaches the journal: one live owner per IP,
/// allocations only on attached ENIs from their pool, no reuse inside the cooldown, no detach with allocations.
/// Repeats of what is already true are accepted with no events, so CNI and EC2 retries are harmless.
/// </remarks>
public sealed partial class NodePool
{
    /// <summary>Decides a command; pure (reads state, never changes it).</summary>
    public Decision Decide(PoolCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is InitNode init)
        {
            return DecideInitNode(init);
        }

        // Host evidence needs no node identity: the start-up scan holds pods' IPs before discovery records NodeStarted,
        // and a hold taken then must be liftable then too.
        if (command is HoldIp hold)
        {
            return DecideHoldIp(hold);
        }

        if (command is LiftHold lift)
        {
            return DecideLiftHold(lift);
        }

        // Nor does recording that something is pending: a takeover marks its adoption before NodeStarted, so a crash
        // right after NodeStarted still finds the mark (Ipamd's VpcCniTakeover).
        if (command is RecordDrift or ResolveDrift)
        {
            return DecideDrift(command);
        }

        if (Node is null)
        {
            return Decision.Reject(RejectionCode.NodeNotStarted,
                $"{command.GetType().Name} needs a started node; record InitNode (NodeStarted) first.");
        }

        return command switch
        {
            StopNode c => Decision.Accept(new NodeStopped(Id(c, nameof(NodeStopped), c.Reason), c.At, c.Cause, c.Reason)),
            RecordEniCreateRequested c => DecideEniCreateRequested(c),
            RecordEniCreated c => DecideEniCreated(c),
            RecordEniCreateFailed c => DecideEniCreateFailed(c),
            RecordEniAttached c => DecideEniAttached(c),
            RequestEniDetach c => DecideEniDetach(c),
            RecordEniDetachFailed c => DecideEniDetachFailed(c),
            RecordEniDetached c => DecideEniDetached(c),
            RecordEniDeleted c => DecideEniDeleted(c),
            RecordPoolIpsRequested c => DecidePoolIpsRequested(c),
            RecordPoolIpsAdded c => DecidePoolIpsAdded(c),
            RecordPoolIpsRequestFailed c => DecidePoolIpsRequestFailed(c),
            RequestPoolIpsRelease c => DecidePoolIpsRelease(c),
            RecordPoolIpsReleaseFailed c => DecidePoolIpsReleaseFailed(c),
            RecordPoolIpsRemoved c => DecidePoolIpsRemoved(c),
            RecordPoolPrefixesRequested c => DecidePoolPrefixesRequested(c),
            RecordPoolPrefixesAdded c => DecidePoolPrefixesAdded(c),
            RecordPoolPrefixesRequestFailed c => DecidePoolPrefixesRequestFailed(c),
            RequestPoolPrefixesRelease c => DecidePoolPrefixesRelease(c),
            RecordPoolPrefixesReleaseFailed c => DecidePoolPrefixesReleaseFailed(c),
            RecordPoolPrefixesRemoved c => DecidePoolPrefixesRemoved(c),
            RequestIpv6Prefix c => DecideRequestIpv6Prefix(c),
            RecordIpv6PrefixAdded c => DecideIpv6PrefixAdded(c),
            RecordIpv6PrefixRequestFailed c => DecideIpv6PrefixRequestFailed(c),
            AllocateIpv6 c => DecideAllocateIpv6(c),
            AdvanceIpv6Cursor c => DecideAdvanceIpv6Cursor(c),
            AllocateIp c => DecideAllocateIp(c),
            ReleaseIpByKey c => DecideReleaseByKey(c),
            ReleaseIp c => DecideReleaseIp(c),
            QuarantineAllocation c => DecideQuarantine(c),
            AdoptAllocation c => DecideAdoptAllocation(c),
            AdoptIpv6 c => DecideAdoptIpv6(c),
            RecordEniAdopted c => DecideEniAdopted(c),
            _ => Decision.Reject(RejectionCode.InvalidCommand, $"command {command.GetType().Name} is not handled by NodePool; add a case to NodePool.Decide."),
        };
    }

    // Same pool state (LSN), same command time and subject → same id, so a retried decision repeats its event id.
    private Decision DecideDrift(PoolCommand command) => command switch
    {
        RecordDrift c => Decision.Accept(new DriftDetected(Id(c, nameof(DriftDetected), c.Subject), c.At, c.Cause, c.Subject, c.JournalSays, c.EvidenceSays)),
        ResolveDrift c => Decision.Accept(new DriftResolved(Id(c, nameof(DriftResolved), c.Subject), c.At, c.Cause, c.Subject, c.Resolution)),
        _ => throw new ArgumentException($"{command.GetType().Name} is not a drift command", nameof(command)),
    };

    private Guid Id(PoolCommand command, string eventType, string subject, int index = 0) =>
        EventIds.ForDecision(eventType, LastLsn, index, command.At, subject);

    private Decision DecideInitNode(InitNode c)
    {
        if (string.IsNullOrEmpty(c.InstanceId) || c.MaxEnis < 1 || c.IpsPerEni < 2 || c.IpCooldown < TimeSpan.Zero)
        {
            return Decision.Reject(RejectionCode.InvalidCommand, string.Create(CultureInfo.InvariantCulture,
                $"InitNode needs an instance id, MaxEnis >= 1, IpsPerEni >= 2 and a cooldown >= 0; got instance '{c.InstanceId}', MaxEnis {c.MaxEnis}, IpsPerEni {c.IpsPerEni}, IP_COOLDOWN_PERIOD {c.IpCooldown}. Check the instance limits and IP_COOLDOWN_PERIOD."));
        }

        return Decision.Accept(new NodeStarted(Id(c, nameof(NodeStarted), c.InstanceId), c.At, c.Cause, c.InstanceId, c.InstanceType, c.AvailabilityZone,
            c.VpcCidrs, c.MaxEnis, c.IpsPerEni, c.Build, c.IpCooldown));
    }

    private Decision DecideEniCreateRequested(RecordEniCreateRequested c)
    {
        if (string.IsNullOrEmpty(c.ClientToken) || string.IsNullOrEmpty(c.SubnetId))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, "RecordEniCreateRequested needs a ClientToken and a SubnetId; generate a token per create.");
        }

        if (_pendingCreates.ContainsKey(c.ClientToken))
        {
            return Decision.Unchanged();
        }

        return Decision.Accept(new EniCreateRequested(Id(c, nameof(EniCreateRequested), c.ClientToken), c.At, c.Cause, c.ClientToken, c.SubnetId));
    }

    private Decision DecideEniCreated(RecordEniCreated c)
    {
        if (_unattached.ContainsKey(c.EniId) || _enis.ContainsKey(c.EniId))
        {
            return Decision.Unchanged();
        }

        if (!_pendingCreates.ContainsKey(c.ClientToken))
        {
            return Decision.Reject(RejectionCode.NothingPending,
                $"ENI {c.EniId} reports ClientToken '{c.ClientToken}', but no create is pending with that token; record RecordEniCreateRequested before calling EC2.");
        }

        return Decision.Accept(new EniCreated(Id(c, nameof(EniCreated), c.ClientToken), c.At, c.Cause, c.EniId, c.ClientToken, c.SubnetId));
    }

    private Decision DecideEniCreateFailed(RecordEniCreateFailed c)
    {
        if (!_pendingCreates.ContainsKey(c.ClientToken))
        {
            return Decision.Unchanged();
        }

        return Decision.Accept(new EniCreateFailed(Id(c, nameof(EniCreateFailed), c.ClientToken), c.At, c.Cause, c.ClientToken, c.ErrorCode, c.Message));
    }

    private Decision DecideEniAttached(RecordEniAttached c)
    {
        if (string.IsNullOrEmpty(c.EniId) || c.DeviceIndex < 0)
        {
            return Decision.Reject(RejectionCode.InvalidCommand, string.Create(CultureInfo.InvariantCulture,
                $"RecordEniAttached needs an ENI id and a device index >= 0; got '{c.EniId}' at device {c.DeviceIndex}."));
        }

        if (_enis.TryGetValue(c.EniId, out EniState? known))
        {
            return known.DeviceIndex == c.DeviceIndex
                ? Decision.Unchanged()
                : Decision.Reject(RejectionCode.EniAlreadyKnown, string.Create(CultureInfo.InvariantCulture,
                    $"ENI {c.EniId} is already attached at device {known.DeviceIndex}, not {c.DeviceIndex}; record RecordEniDetached first if it moved."));
        }

        foreach (EniState other in _enis.Values)
        {
            if (other.DeviceIndex == c.DeviceIndex)
            {
                return Decision.Reject(RejectionCode.DeviceIndexInUse, string.Create(CultureInfo.InvariantCulture,
                    $"device index {c.DeviceIndex} is held by ENI {other.EniId}; record its detach before attaching {c.EniId} there."));
            }
        }

        return Decision.Accept(new EniAttached(Id(c, nameof(EniAttached), c.EniId), c.At, c.Cause, c.EniId, c.DeviceIndex, c.Mac, c.SubnetId, c.SubnetCidr,
            c.PrimaryIp, RouteTableFor(c.DeviceIndex)));
    }

    private Decision DecideEniDetach(RequestEniDetach c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Unchanged();
        }

        if (eni.DeviceIndex == 0)
        {
            return Decision.Reject(RejectionCode.PrimaryEni, $"ENI {c.EniId} is the primary ENI (device 0) and is never detached.");
        }

        if (eni.AllocatedCount > 0)
        {
            return Decision.Reject(RejectionCode.EniHasAllocations, string.Create(CultureInfo.InvariantCulture,
                $"ENI {c.EniId} holds {eni.AllocatedCount} allocations; release them (or wait for their pods to go) before detaching."));
        }

        if (eni.PendingIpRequest is not null || eni.PendingPrefixRequest is not null)
        {
            return Decision.Reject(RejectionCode.RequestInFlight,
                $"ENI {c.EniId} has an IP or prefix assign request in flight; record its outcome before detaching.");
        }

        return Decision.Accept(new EniDetachRequested(Id(c, nameof(EniDetachRequested), c.EniId), c.At, c.Cause, c.EniId));
    }

    private Decision DecideEniDetachFailed(RecordEniDetachFailed c)
    {
        if (!_enis.TryGetValue(c.EniId, out EniState? eni) || eni.Status != EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.NothingPending, $"ENI {c.EniId} has no detach pending; nothing to fail.");
        }

        return Decision.Accept(new EniDetachFailed(Id(c, nameof(EniDetachFailed), c.EniId), c.At, c.Cause, c.EniId, c.ErrorCode, c.Message));
    }

    private Decision DecideEniDetached(RecordEniDetached c)
    {
        if (!_enis.TryGetValue(c.EniId, out EniState? eni))
        {
            return _unattached.ContainsKey(c.EniId)
                ? Decision.Unchanged()
                : Decision.Reject(RejectionCode.UnknownEni, $"ENI {c.EniId} is not attached to this node; check the ENI id.");
        }

        if (eni.AllocatedCount > 0)
        {
            return Decision.Reject(RejectionCode.EniHasAllocations, string.Create(CultureInfo.InvariantCulture,
                $"ENI {c.EniId} still holds {eni.AllocatedCount} allocations; quarantine and release them (ReleaseIp, reason Reconcile) before recording the detach."));
        }

        return Decision.Accept(new EniDetached(Id(c, nameof(EniDetached), c.EniId), c.At, c.Cause, c.EniId));
    }

    private Decision DecideEniDeleted(RecordEniDeleted c)
    {
        if (_enis.ContainsKey(c.EniId))
        {
            return Decision.Reject(RejectionCode.EniStillAttached, $"ENI {c.EniId} is still attached; record RecordEniDetached before the delete.");
        }

        if (!_unattached.ContainsKey(c.EniId))
        {
            return Decision.Unchanged();
        }

        return Decision.Accept(new EniDeleted(Id(c, nameof(EniDeleted), c.EniId), c.At, c.Cause, c.EniId));
    }

    private bool TryGetAttached(string eniId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EniState? eni,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Decision? rejection)
    {
        if (_enis.TryGetValue(eniId, out eni))
        {
            rejection = null;
            return true;
        }

        rejection = Decision.Reject(RejectionCode.UnknownEni, string.Create(CultureInfo.InvariantCulture,
            $"ENI '{eniId}' is not attached to this node ({_enis.Count} ENIs attached); record RecordEniAttached first or check the id."));
        return false;
    }
}
