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
public sealed partial class CniBackendService(DurableNodePool pool, DaemonReadiness readiness, TimeProvider time, ILogger<CniBackendService> logger, IpamdSettings settings, IpamdMetrics metrics, SubnetExhaustion subnetExhaustion, DelSpool spool) : CniBackend.CniBackendBase
{
    private readonly int? _maxEni = (settings ?? throw new ArgumentNullException(nameof(settings))).WarmPool.MaxEni;
    private readonly bool _useExternalSnat = settings.UseExternalSnat;

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

        var command = new AllocateIp(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), key, pod, request.Netns)
        {
            Growth = new PoolGrowth(_maxEni, subnetExhaustion.Reason),
        };
        Decision decision = await SubmitAsync(command, context.CancellationToken).ConfigureAwait(false);
        if (!decision.Accepted || decision.Allocation is not { } allocation)
        {
            LogAddRejected(requestId, key.ToString(), decision.Rejection?.Message ?? "no allocation");
            metrics.AddIpRequests.WithLabels(decision.Rejection?.Code.ToString() ?? "Unknown").Inc();
            if (decision.Rejection is { IsIpShortage: true })
            {
                metrics.NoAvailableIp.Inc();
            }

            throw ToRpcException(decision.Rejection);
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

        var reply = new DelNetworkReply { Success = true, Found = decision.Allocation is not null && decision.Events.Count > 0 };
        if (decision.Allocation is { } released)
        {
            reply.IpAllocationMetadata.Add(ToMetadata(released));
        }

        LogDel(requestId, key.ToString(), decision.Allocation?.Ip.ToString() ?? "(none)", reason);
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

        return Task.FromResult(reply);
    }

    /// <inheritdoc />
    public override Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireClientVersion(request.ClientVersion);
        DateTimeOffset now = time.GetUtcNow();
        (PoolCounts counts, PoolCapacity? capacity) = pool.Read(p => (p.GetCounts(now), p.GetCapacity(_maxEni)));
        string? notReady = readiness.NotReadyReason(counts);
        return Task.FromResult(new StatusReply
        {
            Ready = notReady is null,
            Reason = notReady ?? string.Empty,
            FreeIps = counts.Free,
            AllocatedIps = counts.Allocated,
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
        IReadOnlyList<Allocation> stale = pool.Read(p => p.GetAllocations())
            .Where(a => (a.Key.NetworkName == network || a.Key.NetworkName == VpcCniCheckpoint.NetworkName) && !valid.Contains((a.Key.ContainerId, a.Key.IfName)))
            .ToList();

        var reply = new GcReply();
        foreach (Allocation allocation in stale)
        {
            var command = new ReleaseIpByKey(time.GetUtcNow(), new Cause(CauseKind.CniRequest, requestId), allocation.Key, ReleaseReason.CniGc);
            Decision decision = await SubmitAsync(command, context.CancellationToken).ConfigureAwait(false);
            if (decision.Accepted && decision.Events.Count > 0)
            {
                reply.Released.Add(new GcAttachment { ContainerId = allocation.Key.ContainerId, IfName = allocation.Key.IfName });
                reply.ReleasedIps.Add(ToMetadata(allocation));
                LogGcReleased(requestId, allocation.Key.ToString(), allocation.Ip.ToString());
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
