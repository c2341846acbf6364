using EsCni.Ipamd.Hosting;
using EsCni.Ipamd.Spool;
using EsCni.Ipamd.Ec2Loop;
using EsCni.Ipamd.Takeover;
using EsCni.Protocol.V1;
using Grpc.Core;

namespace EsCni.Ipamd.Grpc;

/// <summary>
/// The <c>escni.v1.CniBackend</c> service the plugin calls: ADD, DEL, CHECK, STATUS and GC against the durable pool.
/// </summary>
/// <remarks>
/// Shaped after the VPC CNI's rpc_handler.go: the IPAM key is (network, container id, ifname), a repeated ADD returns
/// the same IP, a DEL of an unknown key succeeds, and a plugin of another build is refused with FailedPrecondition.
/// Unlike the VPC CNI, refusals are gRPC status codes (not Success=false) so the plugin can map them to CNI codes:
/// ResourceExhausted → "try again later" (11), Unavailable → "not ready" (50). A refusal also carries its
/// <see cref="RejectionCode"/> in the <c>escni-rejection</c> trailer, so the plugin tells "at capacity", "subnet
/// exhausted" and "refilling" apart without parsing text.
/// </remarks>
public sealed partial class CniBackendService(DurableNodePool pool, DaemonReadiness readiness, TimeProvider time, ILogger<CniBackendService> logger, IpamdSettings settings, IpamdMetrics metrics, SubnetExhaustion subnetExhaustion, DelSpool spool, CloudSession session) : CniBackend.CniBackendBase
{
    private readonly int? _maxEni = (settings ?? throw new ArgumentNullException(nameof(settings))).WarmPool.MaxEni;
    private readonly bool _useExternalSnat = settings.UseExternalSnat;
    private readonly bool _ipv6 = settings.Ipv6;

    /// <summary>The gRPC trailer that carries a refusal's <see cref="RejectionCode"/> name.</summary>
    public const string RejectionTrailer = "escni-rejection";

    /// <inheritdoc />
    public override async Task<AddNetworkReply> AddNetwork(AddNetworkRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireClientVersion(request.ClientVersion);
        var key = RequestValidation.Key(request.NetworkName, request.ContainerId, request.IfName);
        RequestValidation.Netns(request.Netns);
        var pod = new Pod(
            RequestValidation.Bounded(request.K8SPodNamespace, "k8s_pod_namespace"),
            RequestValidation.Bounded(request.K8SPodName, "k8s_pod_name"),
            RequestValidation.Bounded(request.K8SPodUid, "k8s_pod_uid"));
        string requestId = RequestValidation.RequestId(request.RequestId);
        await ApplySpooledDelAsync(key, context.CancellationToken).ConfigureAwait(false);
        if (_ipv6)
        {
            return await AddIpv6Async(key, pod, request.Netns, requestId, context.CancellationToken).ConfigureAwait(false);
        }

        var command = new AllocateIp(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), key, pod, request.Netns)
        {
            Growth = new PoolGrowth(_maxEni, subnetExhaustion.Reason),
        };
        Decision decision = await SubmitAsync(command, context.CancellationToken).ConfigureAwait(false);
        if (!decision.Accepted || decision.Allocation is not { } allocation)
        {
            throw Refused(requestId, key, decision);
        }

        bool existing = decision.Events.Count == 0;
        metrics.AddIpRequests.WithLabels(existing ? "existing" : "allocated").Inc();
        LogAdd(requestId, key.ToString(), pod.ToString(), allocation.Ip.ToString(), allocation.EniId, existing);
        var reply = new AddNetworkReply { Success = true, UseExternalSnat = _useExternalSnat, Existing = existing };
        reply.IpAllocationMetadata.Add(ToMetadata(allocation));
        NodeInfo? node = pool.Read(p => p.Node);
        if (node is not null)
        {
            reply.VpcV4Cidrs.Add(node.VpcCidrs);
        }

        return reply;
    }

    /// <inheritdoc />
    public override async Task<DelNetworkReply> DelNetwork(DelNetworkRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireClientVersion(request.ClientVersion);
        var key = RequestValidation.Key(request.NetworkName, request.ContainerId, request.IfName);
        string requestId = RequestValidation.RequestId(request.RequestId);
        ReleaseReason reason = request.Reason == "SetupNSFailed" ? ReleaseReason.SetupFailed : ReleaseReason.CniDel;

        var command = new ReleaseIpByKey(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), key, reason);
        Decision decision = await SubmitAsync(command, context.CancellationToken).ConfigureAwait(false);
        if (!decision.Accepted)
        {
            throw ToRpcException(decision.Rejection);
        }

        // ReleaseIpByKey ends the key's IPv4 and IPv6 allocations alike; the plugin removes the host route of each address listed.
        var reply = new DelNetworkReply { Success = true, Found = (decision.Allocation is not null || decision.Ipv6Allocation is not null) && decision.Events.Count > 0 };
        if (decision.Allocation is { } released)
        {
            reply.IpAllocationMetadata.Add(ToMetadata(released));
        }

        if (decision.Ipv6Allocation is { } releasedV6)
        {
            reply.IpAllocationMetadata.Add(ToMetadata(releasedV6));
        }

        LogDel(requestId, key.ToString(), AddressesOf(decision) ?? "(none)", reason);
        metrics.DelIpRequests.WithLabels(reason.ToString()).Inc();
        return reply;
    }

    /// <inheritdoc />
    public override Task<CheckReply> Check(CheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireClientVersion(request.ClientVersion);
        var key = RequestValidation.Key(request.NetworkName, request.ContainerId, request.IfName);
        var reply = new CheckReply();
        if (pool.Read(p => p.TryGetAllocationFor(key, out Allocation? a) ? a : null) is { } allocation)
        {
            reply.Found = true;
            reply.IpAllocationMetadata.Add(ToMetadata(allocation));
        }

        if (pool.Read(p => p.TryGetIpv6Allocation(key, out Ipv6Allocation? a) ? a : null) is { } v6)
        {
            reply.Found = true;
            reply.IpAllocationMetadata.Add(ToMetadata(v6));
        }

        return Task.FromResult(reply);
    }

    /// <inheritdoc />
    public override Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireClientVersion(request.ClientVersion);
        DateTimeOffset now = time.GetUtcNow();
        (PoolCounts counts, PoolCapacity? capacity, int ipv6Allocated) = pool.Read(p => (p.GetCounts(now), p.GetCapacity(_maxEni), p.GetIpv6Allocations().Count));
        string? notReady = readiness.NotReadyReason(counts);
        return Task.FromResult(new StatusReply
        {
            Ready = notReady is null,
            Reason = notReady ?? string.Empty,
            FreeIps = counts.Free,
            AllocatedIps = _ipv6 ? ipv6Allocated : counts.Allocated,
            AtCapacity = capacity?.IsReachedBy(counts) ?? false,
            Capacity = capacity?.Summary ?? string.Empty,
            MaxPodIps = capacity?.MaxPodIps ?? 0,
            MaxPods = capacity?.MaxPods ?? 0,
        });
    }

    /// <inheritdoc />
    public override async Task<GcReply> Gc(GcRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        RequireClientVersion(request.ClientVersion);
        string network = RequestValidation.Required(request.NetworkName, "network_name");
        string requestId = RequestValidation.RequestId(request.RequestId);
        var valid = new HashSet<(string, string)>(request.ValidAttachments.Select(a => (a.ContainerId, a.IfName)));
        IReadOnlyList<IpamKey> stale = pool.Read(p => p.GetAllocations().Select(a => a.Key).Concat(p.GetIpv6Allocations().Select(a => a.Key)).ToList())
            .Where(k => (k.NetworkName == network || k.NetworkName == VpcCniCheckpoint.NetworkName) && !valid.Contains((k.ContainerId, k.IfName)))
            .Distinct()
            .ToList();

        var reply = new GcReply();
        foreach (IpamKey key in stale)
        {
            var command = new ReleaseIpByKey(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), key, ReleaseReason.CniGc);
            Decision decision = await SubmitAsync(command, context.CancellationToken).ConfigureAwait(false);
            if (decision.Accepted && decision.Events.Count > 0)
            {
                reply.Released.Add(new GcAttachment { ContainerId = key.ContainerId, IfName = key.IfName });
                if (decision.Allocation is { } v4)
                {
                    reply.ReleasedIps.Add(ToMetadata(v4));
                }

                if (decision.Ipv6Allocation is { } v6)
                {
                    reply.ReleasedIps.Add(ToMetadata(v6));
                }

                LogGcReleased(requestId, key.ToString(), AddressesOf(decision) ?? "(none)");
            }
        }

        return reply;
    }

    // A DEL of this key spooled while the daemon was down comes before this ADD (the runtime serializes a container's
    // operations), so it is applied first: it must release the old allocation, never the one this ADD is about to make.
    private async Task ApplySpooledDelAsync(IpamKey key, CancellationToken cancellationToken)
    {
        try
        {
            await spool.ApplyForKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
        catch (PoolUnavailableException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }

    private static string? AddressesOf(Decision decision) =>
        (decision.Allocation, decision.Ipv6Allocation) switch
        {
            (null, null) => null,
            ({ } v4, null) => v4.Ip.ToString(),
            (null, { } v6) => v6.Address.ToString(),
            ({ } v4, { } v6) => $"{v4.Ip}, {v6.Address}",
        };

    private RpcException Refused(string requestId, IpamKey key, Decision decision)
    {
        LogAddRejected(requestId, key.ToString(), decision.Rejection?.Message ?? "no allocation");
        metrics.AddIpRequests.WithLabels(decision.Rejection?.Code.ToString() ?? "Unknown").Inc();
        if (decision.Rejection is { IsIpShortage: true })
        {
            metrics.NoAvailableIp.Inc();
        }

        return ToRpcException(decision.Rejection);
    }

    private async Task<Decision> SubmitAsync(PoolCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (PoolUnavailableException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message));
        }
    }

    private static IpAllocationMetadata ToMetadata(Allocation allocation) => new()
    {
        Ipv4Addr = allocation.Ip.ToString(),
        DeviceNumber = allocation.DeviceIndex,
        RouteTableId = allocation.RouteTableId,
        EniId = allocation.EniId,
    };

    private static RpcException ToRpcException(Rejection? rejection)
    {
        if (rejection is null)
        {
            return new RpcException(new Status(StatusCode.Internal, "the pool accepted the request but returned no allocation; this is a bug, please report it"));
        }

        StatusCode code = rejection.IsIpShortage ? StatusCode.ResourceExhausted : rejection.Code switch
        {
            RejectionCode.NodeNotStarted => StatusCode.Unavailable,
            RejectionCode.InvalidCommand => StatusCode.InvalidArgument,
            _ => StatusCode.FailedPrecondition,
        };
        return new RpcException(new Status(code, rejection.Message), new Metadata { { RejectionTrailer, rejection.Code.ToString() } });
    }
}
