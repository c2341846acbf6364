using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace EsCni.Cloud;

/// <summary>ENI lifecycle: describe, create (with lost-answer recovery), attach, detach, delete, leaked-ENI scan.</summary>
public sealed partial class Ec2Api
{
    /// <inheritdoc />
    public async Task<Ec2Result<IReadOnlyList<EniDescription>>> DescribeInstanceEnisAsync(CancellationToken cancellationToken)
    {
        var (enis, receipt) = await DescribeEnisAsync(new List<Filter> { FilterOf("attachment.instance-id", InstanceId) }, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EniDescription> ordered = enis.OrderBy(e => e.Attachment?.DeviceIndex ?? int.MaxValue).ToArray();
        return new Ec2Result<IReadOnlyList<EniDescription>>(ordered, receipt);
    }

    /// <inheritdoc />
    public async Task<Ec2Result<EniDescription>> CreateEniAsync(CreateEniRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ClientToken);
        if (request.ClientToken.Length > 64)
        {
            throw new ArgumentException($"ClientToken '{request.ClientToken}' is {request.ClientToken.Length} characters; EC2 accepts at most 64.", nameof(request));
        }

        // Built once: every retry sends the same ClientToken and the same createdAt tag, so EC2 treats the retries
        // as one request and answers with the ENI the first (possibly lost) attempt made.
        var sdkRequest = new CreateNetworkInterfaceRequest
        {
            ClientToken = request.ClientToken,
            SubnetId = request.SubnetId,
            Description = EniTags.DescriptionFor(InstanceId),
            Groups = request.SecurityGroupIds.ToList(),
            SecondaryPrivateIpAddressCount = request.SecondaryIpCount > 0 ? request.SecondaryIpCount : null,
            Ipv4PrefixCount = request.Ipv4PrefixCount > 0 ? request.Ipv4PrefixCount : null,
            TagSpecifications = new List<TagSpecification>
            {
                new()
                {
                    ResourceType = ResourceType.NetworkInterface,
                    Tags = EniTags.For(InstanceId, request.ClientToken, _options.ClusterName, _time.GetUtcNow()),
                },
            },
        };
        try
        {
            var (response, receipt) = await CallAsync(
                "CreateNetworkInterface", Ec2ApiClass.Mutate, request.ClientToken,
                ct => _client.CreateNetworkInterfaceAsync(sdkRequest, ct),
                cancellationToken).ConfigureAwait(false);
            return new Ec2Result<EniDescription>(ToEni(response.NetworkInterface), receipt);
        }
        catch (CloudException e) when (e.OutcomeUnknown || e.ErrorCode == "IdempotentParameterMismatch")
        {
            // OutcomeUnknown: every attempt may have created the ENI without us hearing of it. Mismatch: the token was
            // used before with other parameters — typically an earlier createdAt tag, when the daemon repeats an intent
            // after a restart. Either way the ENI that token made (if any) is the answer, not a second ENI.
            Ec2Result<EniDescription?> found;
            try
            {
                found = await FindEniByClientTokenAsync(request.ClientToken, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException)
            {
                throw e;
            }

            if (found.Value is null)
            {
                throw;
            }

            return new Ec2Result<EniDescription>(found.Value, found.Receipt with { ClientToken = request.ClientToken, Recovered = true });
        }
    }

    /// <inheritdoc />
    public async Task<Ec2Result<EniDescription?>> FindEniByClientTokenAsync(string clientToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientToken);
        var (enis, receipt) = await DescribeEnisAsync(
            new List<Filter> { FilterOf("tag:" + EniTags.ClientToken, clientToken) }, cancellationToken).ConfigureAwait(false);

        // Checked again here so an endpoint that ignores the tag filter cannot hand us someone else's ENI.
        EniDescription? eni = enis.FirstOrDefault(e => e.Tags.TryGetValue(EniTags.ClientToken, out string? t) && t == clientToken);
        return new Ec2Result<EniDescription?>(eni, receipt with { ClientToken = clientToken });
    }

    /// <inheritdoc />
    public async Task<Ec2Result<EniAttachment>> AttachEniAsync(string eniId, int deviceIndex, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(deviceIndex);
        string attachmentId;
        Ec2Receipt receipt;
        try
        {
            var (response, attachReceipt) = await CallAsync(
                "AttachNetworkInterface", Ec2ApiClass.Mutate, null,
                ct => _client.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest
                {
                    NetworkInterfaceId = eniId,
                    InstanceId = InstanceId,
                    DeviceIndex = deviceIndex,
                }, ct),
                cancellationToken).ConfigureAwait(false);
            attachmentId = response.AttachmentId;
            receipt = attachReceipt;
        }
        catch (CloudException e) when (e.OutcomeUnknown)
        {
            // AttachNetworkInterface takes no ClientToken: a retry after a lost answer fails ("already attached"),
            // so the truth is whatever EC2 now says about the ENI.
            EniAttachment? existing = await TryDescribeAttachmentAsync(eniId, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.InstanceId != InstanceId || existing.DeviceIndex != deviceIndex)
            {
                throw;
            }

            attachmentId = existing.AttachmentId;
            receipt = new Ec2Receipt("AttachNetworkInterface", e.RequestId, null, 0, Recovered: true);
        }

        // Without DeleteOnTermination a terminated node leaks the ENI. A failure here does not undo the attach (the
        // ENI is usable): the result says DeleteOnTermination=false so the caller can journal it, and a node that
        // dies meanwhile leaves an ENI the leaked-ENI scan finds by its tags.
        bool deleteOnTermination = await TrySetDeleteOnTerminationAsync(eniId, attachmentId, cancellationToken).ConfigureAwait(false);
        var attachment = new EniAttachment(attachmentId, InstanceId, deviceIndex, 0, "attaching", deleteOnTermination);
        return new Ec2Result<EniAttachment>(attachment, receipt);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> DetachEniAsync(string attachmentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(attachmentId);
        // Already detached (perhaps by our own lost first attempt): the goal is reached.
        return await CallUnlessGoneAsync("DetachNetworkInterface", "InvalidAttachmentID.NotFound",
            ct => _client.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId }, ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> DeleteEniAsync(string eniId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        return await CallUnlessGoneAsync("DeleteNetworkInterface", "InvalidNetworkInterfaceID.NotFound",
            ct => _client.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eniId }, ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A mutation that removes something: EC2 answering <paramref name="notFoundCode"/> means the goal is already reached
    /// (our own lost first attempt, or someone else), so it is a recovered receipt, not a failure.
    /// </summary>
    private async Task<Ec2Receipt> CallUnlessGoneAsync<TResponse>(string api, string notFoundCode, Func<CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse
    {
        try
        {
            var (_, receipt) = await CallAsync(api, Ec2ApiClass.Mutate, null, send, cancellationToken).ConfigureAwait(false);
            return receipt;
        }
        catch (CloudException e) when (e.ErrorCode == notFoundCode)
        {
            return new Ec2Receipt(api, e.RequestId, null, 0, Recovered: true);
        }
    }

    /// <inheritdoc />
    public async Task<Ec2Result<IReadOnlyList<EniDescription>>> ListLeakedEnisAsync(string vpcId, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(vpcId);
        var (enis, receipt) = await DescribeEnisAsync(
            new List<Filter>
            {
                FilterOf("status", "available"),
                FilterOf("tag-key", EniTags.InstanceId),
                FilterOf("vpc-id", vpcId),
            },
            cancellationToken).ConfigureAwait(false);
        IReadOnlyList<EniDescription> leaked = enis.Where(e => IsLeaked(e, vpcId, createdBefore)).ToArray();
        return new Ec2Result<IReadOnlyList<EniDescription>>(leaked, receipt);
    }

    private bool IsLeaked(EniDescription eni, string vpcId, DateTimeOffset createdBefore)
    {
        // Filters are re-checked locally: the leak scan deletes things, so it must not rely on a server honouring every filter.
        if (eni.Status != "available" || eni.VpcId != vpcId || eni.IsUnmanaged
            || !eni.Description.StartsWith(EniTags.DescriptionPrefix, StringComparison.Ordinal)
            || !eni.Tags.ContainsKey(EniTags.InstanceId))
        {
            return false;
        }

        if (_options.ClusterName is not null && (!eni.Tags.TryGetValue(EniTags.ClusterName, out string? cluster) || cluster != _options.ClusterName))
        {
            return false;
        }

        // An ENI without a readable createdAt may be one being created right now; leave it for a later scan.
        return eni.Tags.TryGetValue(EniTags.CreatedAt, out string? created)
            && DateTimeOffset.TryParse(created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
            && at < createdBefore;
    }

    /// <summary>DescribeNetworkInterfaces with every page followed; each page is its own call through the pipeline.</summary>
    private async Task<(List<EniDescription> Enis, Ec2Receipt Receipt)> DescribeEnisAsync(List<Filter> filters, CancellationToken cancellationToken)
    {
        var enis = new List<EniDescription>();
        Ec2Receipt? first = null;
        string? nextToken = null;
        do
        {
            var request = new DescribeNetworkInterfacesRequest { Filters = filters, NextToken = nextToken };
            var (response, receipt) = await CallAsync(
                "DescribeNetworkInterfaces", Ec2ApiClass.Describe, null,
                ct => _client.DescribeNetworkInterfacesAsync(request, ct),
                cancellationToken).ConfigureAwait(false);
            first ??= receipt;
            enis.AddRange((response.NetworkInterfaces ?? new()).Select(ToEni));
            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (nextToken is not null);
        return (enis, first);
    }

    private async Task<EniAttachment?> TryDescribeAttachmentAsync(string eniId, CancellationToken cancellationToken)
    {
        try
        {
            var (enis, _) = await DescribeEnisAsync(new List<Filter> { FilterOf("network-interface-id", eniId) }, cancellationToken).ConfigureAwait(false);
            return enis.FirstOrDefault()?.Attachment;
        }
        catch (CloudException)
        {
            return null;
        }
    }

    private async Task<bool> TrySetDeleteOnTerminationAsync(string eniId, string attachmentId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(
                "ModifyNetworkInterfaceAttribute", Ec2ApiClass.Mutate, null,
                ct => _client.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest
                {
                    NetworkInterfaceId = eniId,
                    Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attachmentId, DeleteOnTermination = true },
                }, ct),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CloudException)
        {
            return false;
        }
    }
}
