using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim;

/// <summary>ENI lifecycle: create (idempotent by ClientToken), attach, detach, delete, modify, tag.</summary>
public sealed partial class Simulator
{
    /// <summary>CreateNetworkInterface. A repeated ClientToken with the same parameters returns the ENI it created first.</summary>
    /// <returns>The ENI, and whether it came from an earlier call with the same token.</returns>
    public (Eni Eni, bool Replayed) CreateNetworkInterface(CreateEniRequest request)
    {
        lock (_lock)
        {
            AssertInvariants();
            if (request.ClientToken is not null && _clientTokens.TryGetValue(request.ClientToken, out var earlier))
            {
                if (earlier.Fingerprint != request.Fingerprint)
                {
                    throw new Ec2Exception("IdempotentParameterMismatch",
                        $"The client token '{request.ClientToken}' was used before with different parameters.");
                }
                // EC2 answers with the original interface even if it has changed since.
                return (_enis.GetValueOrDefault(earlier.EniId) ?? throw Ec2Exception.EniNotFound(earlier.EniId), true);
            }
            Subnet subnet = SubnetUnsynchronized(request.SubnetId);
            int slots = 1 + request.SecondaryIps.Count + request.SecondaryCount + request.Prefixes.Count + request.PrefixCount;
            if (slots > InstanceLimits.Ipv4AddressesPerInterface)
            {
                throw new Ec2Exception("PrivateIpAddressLimitExceeded",
                    $"Number of private addresses ({slots}) will exceed limit of {InstanceLimits.Ipv4AddressesPerInterface} for an ENI of {_instance.InstanceType}.");
            }
            HashSet<uint> used = UsedAddressesUnsynchronized();
            var explicitIps = (request.PrimaryIp is null ? [] : new[] { request.PrimaryIp }).Concat(request.SecondaryIps).ToList();
            List<string> ips = ClaimExplicitUnsynchronized(subnet, explicitIps, used, allowReassignment: false);
            if (request.PrimaryIp is null)
            {
                ips.InsertRange(0, AllocateAddressesUnsynchronized(subnet, 1, used));
            }
            ips.AddRange(AllocateAddressesUnsynchronized(subnet, request.SecondaryCount, used));
            List<string> prefixes = ClaimPrefixesUnsynchronized(subnet, request.Prefixes, request.PrefixCount, used);
            DateTimeOffset now = _time.GetUtcNow();
            var eni = new Eni(
                NewId("eni"),
                subnet.Id,
                Vpc.Id,
                subnet.AvailabilityZone,
                MacFor(ips[0]),
                request.Description,
                EniStatus.Available,
                null,
                ips.Select((a, i) => new PrivateIp(a, i == 0)).ToImmutableList(),
                [.. prefixes],
                request.Tags.ToImmutableSortedDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
                [.. request.SecurityGroups.Count > 0 ? request.SecurityGroups : _instance.SecurityGroups],
                true,
                now,
                request.ClientToken);
            CommitUnsynchronized(_enis.Add(eni.Id, eni));
            if (request.ClientToken is not null)
            {
                _clientTokens[request.ClientToken] = (request.Fingerprint, eni.Id);
            }
            return (eni, false);
        }
    }

    /// <summary>AttachNetworkInterface: checks state, device index and the instance type's ENI limit.</summary>
    public EniAttachment AttachNetworkInterface(string eniId, string instanceId, int deviceIndex, int networkCardIndex)
    {
        EniAttachment attachment;
        int attachDelayMs = Faults.AttachDelayMs;
        Eni? visible = null;
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            if (instanceId != _instance.Id)
            {
                throw new Ec2Exception("InvalidInstanceID.NotFound", $"The instance ID '{instanceId}' does not exist");
            }
            if (eni.Status != EniStatus.Available)
            {
                throw new Ec2Exception("InvalidNetworkInterface.InUse", $"Interface: [{eni.Id}] in use.");
            }
            if (eni.AvailabilityZone != _instance.AvailabilityZone)
            {
                throw new Ec2Exception("InvalidParameterCombination",
                    $"The network interface {eni.Id} is in {eni.AvailabilityZone} but instance {instanceId} is in {_instance.AvailabilityZone}.");
            }
            if (networkCardIndex != 0)
            {
                throw Ec2Exception.Invalid($"Network card index {networkCardIndex} is not valid for {_instance.InstanceType}; it has one network card (index 0).");
            }
            List<Eni> attached = _enis.Values.Where(e => e.Attachment?.InstanceId == instanceId).ToList();
            if (attached.Any(e => e.Attachment!.DeviceIndex == deviceIndex))
            {
                throw Ec2Exception.Invalid($"Instance '{instanceId}' already has an interface attached at device index '{deviceIndex}'.");
            }
            if (deviceIndex < 0)
            {
                throw Ec2Exception.Invalid($"Value ({deviceIndex}) for parameter deviceIndex is invalid. Expected 0 or more.");
            }
            if (attached.Count >= InstanceLimits.MaxNetworkInterfaces)
            {
                throw new Ec2Exception("AttachmentLimitExceeded",
                    $"Interface count {attached.Count + 1} exceeds the limit for {_instance.InstanceType}");
            }
            bool immediate = attachDelayMs == 0;
            attachment = new EniAttachment(NewId("eni-attach"), instanceId, deviceIndex, networkCardIndex,
                immediate ? "attached" : "attaching", _time.GetUtcNow(), false);
            Eni updated = eni with { Status = immediate ? EniStatus.InUse : EniStatus.Attaching, Attachment = attachment };
            CommitUnsynchronized(_enis.SetItem(eni.Id, updated));
            visible = immediate ? updated : null;
        }
        if (visible is not null)
        {
            RaiseAttachmentChanged([(visible, true)]);
        }
        else
        {
            _ = FinishAttachAsync(eniId, attachment.AttachmentId, TimeSpan.FromMilliseconds(attachDelayMs));
        }
        return attachment;
    }

    /// <summary>DetachNetworkInterface by attachment id; the primary ENI cannot be detached.</summary>
    public void DetachNetworkInterface(string attachmentId)
    {
        Eni? wasVisible;
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = _enis.Values.FirstOrDefault(e => e.Attachment?.AttachmentId == attachmentId)
                ?? throw new Ec2Exception("InvalidAttachmentID.NotFound", $"The attachment ID '{attachmentId}' does not exist");
            if (eni.Attachment!.DeviceIndex == 0)
            {
                throw new Ec2Exception("OperationNotPermitted",
                    $"The network interface at device index 0 and networkCard index 0 cannot be detached ({eni.Id}).");
            }
            wasVisible = eni.IsVisibleOnInstance ? eni : null;
            CommitUnsynchronized(_enis.SetItem(eni.Id, eni with { Status = EniStatus.Available, Attachment = null }));
        }
        if (wasVisible is not null)
        {
            RaiseAttachmentChanged([(wasVisible, false)]);
        }
    }

    /// <summary>DeleteNetworkInterface; an attached ENI is refused with InvalidNetworkInterface.InUse.</summary>
    public void DeleteNetworkInterface(string eniId)
    {
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            if (eni.Status != EniStatus.Available)
            {
                throw new Ec2Exception("InvalidNetworkInterface.InUse",
                    $"The interface {eni.Id} is currently in use and cannot be deleted.");
            }
            CommitUnsynchronized(_enis.Remove(eni.Id));
        }
    }

    /// <summary>ModifyNetworkInterfaceAttribute: one of DeleteOnTermination (with the attachment id), groups, description, source/dest check.</summary>
    public void ModifyNetworkInterfaceAttribute(string eniId, string? attachmentId, bool? deleteOnTermination,
        IReadOnlyList<string> securityGroups, string? description, bool? sourceDestCheck)
    {
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            if (deleteOnTermination is bool delete)
            {
                if (eni.Attachment is null || eni.Attachment.AttachmentId != attachmentId)
                {
                    throw new Ec2Exception("InvalidAttachmentID.NotFound",
                        $"The attachment ID '{attachmentId}' does not exist on network interface {eni.Id}");
                }
                eni = eni with { Attachment = eni.Attachment with { DeleteOnTermination = delete } };
            }
            if (securityGroups.Count > 0)
            {
                eni = eni with { SecurityGroups = [.. securityGroups] };
            }
            if (description is not null)
            {
                eni = eni with { Description = description };
            }
            if (sourceDestCheck is bool check)
            {
                eni = eni with { SourceDestCheck = check };
            }
            CommitUnsynchronized(_enis.SetItem(eni.Id, eni));
        }
    }

    /// <summary>CreateTags on ENIs (eni-…); tags on other resource ids are refused with InvalidID.</summary>
    public void CreateTags(IReadOnlyList<string> resourceIds, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        lock (_lock)
        {
            AssertInvariants();
            ImmutableSortedDictionary<string, Eni> enis = _enis;
            foreach (string id in resourceIds)
            {
                if (!id.StartsWith("eni-", StringComparison.Ordinal))
                {
                    throw new Ec2Exception("InvalidID", $"The ID '{id}' is not valid here; the simulator tags network interfaces (eni-…) only.");
                }
                Eni eni = enis.GetValueOrDefault(id) ?? throw Ec2Exception.EniNotFound(id);
                enis = enis.SetItem(id, eni with { Tags = eni.Tags.SetItems(tags) });
            }
            CommitUnsynchronized(enis);
        }
    }

    private async Task FinishAttachAsync(string eniId, string attachmentId, TimeSpan delay)
    {
        await Task.Delay(delay, _time).ConfigureAwait(false);
        Eni? updated = null;
        lock (_lock)
        {
            if (_enis.GetValueOrDefault(eniId) is { Attachment.Status: "attaching" } eni && eni.Attachment.AttachmentId == attachmentId)
            {
                updated = eni with { Status = EniStatus.InUse, Attachment = eni.Attachment with { Status = "attached" } };
                CommitUnsynchronized(_enis.SetItem(eniId, updated));
            }
        }
        if (updated is not null)
        {
            RaiseAttachmentChanged([(updated, true)]);
        }
    }

    private Eni EniUnsynchronized(string eniId)
    {
        if (!eniId.StartsWith("eni-", StringComparison.Ordinal))
        {
            throw new Ec2Exception("InvalidNetworkInterfaceID.Malformed", $"Invalid id: \"{eniId}\" (expecting \"eni-...\")");
        }
        return _enis.GetValueOrDefault(eniId) ?? throw Ec2Exception.EniNotFound(eniId);
    }

    private Subnet SubnetUnsynchronized(string subnetId) =>
        _subnets.FirstOrDefault(s => s.Id == subnetId)
            ?? throw new Ec2Exception("InvalidSubnetID.NotFound", $"The subnet ID '{subnetId}' does not exist");
}
