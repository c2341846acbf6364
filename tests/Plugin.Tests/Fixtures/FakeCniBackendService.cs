using System;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Protocol.V1;
using Grpc.Core;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>The gRPC service of <see cref="FakeIpamd"/>: records each call and answers from its state.</summary>
public sealed class FakeCniBackendService(FakeIpamd state) : CniBackend.CniBackendBase
{
    public override async Task<AddNetworkReply> AddNetwork(AddNetworkRequest request, ServerCallContext context)
    {
        Record(request);
        state.Scripts.TryGetValue(request.ContainerId, out FakeIpamd.AddScript? script);
        if (script?.Delay is { } delay)
        {
            await Task.Delay(delay, context.CancellationToken);
        }

        if (script?.Failure is { } code)
        {
            var trailers = new Metadata();
            if (script.Rejection is { } rejection)
            {
                trailers.Add("escni-rejection", rejection);
            }

            throw new RpcException(new Status(code, script.FailureMessage ?? $"scripted {code} for {request.ContainerId}"), trailers);
        }

        IpAllocationMetadata ip = state.Allocate(request, out bool existing);
        var reply = new AddNetworkReply { Success = true, Existing = existing, NodeIpv4 = script?.NodeIpv4 ?? "" };
        reply.IpAllocationMetadata.Add(ip);
        return reply;
    }

    public override Task<DelNetworkReply> DelNetwork(DelNetworkRequest request, ServerCallContext context)
    {
        Record(request);
        var reply = new DelNetworkReply { Success = true };
        if (state.Allocations.TryRemove((request.NetworkName, request.ContainerId, request.IfName), out IpAllocationMetadata? ip))
        {
            reply.Found = true;
            reply.IpAllocationMetadata.Add(ip);
        }

        return Task.FromResult(reply);
    }

    public override Task<CheckReply> Check(CheckRequest request, ServerCallContext context)
    {
        Record(request);
        var reply = new CheckReply();
        if (state.Allocations.TryGetValue((request.NetworkName, request.ContainerId, request.IfName), out IpAllocationMetadata? ip))
        {
            reply.Found = true;
            reply.IpAllocationMetadata.Add(ip);
        }

        return Task.FromResult(reply);
    }

    public override Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        Record(request);
        return Task.FromResult(state.Status);
    }

    public override Task<GcReply> Gc(GcRequest request, ServerCallContext context)
    {
        Record(request);
        var reply = new GcReply();
        foreach (var (key, ip) in state.Allocations.ToArray())
        {
            bool valid = request.ValidAttachments.Any(a => a.ContainerId == key.ContainerId && a.IfName == key.IfName);
            if (key.Network == request.NetworkName && !valid && state.Allocations.TryRemove(key, out _))
            {
                reply.Released.Add(new GcAttachment { ContainerId = key.ContainerId, IfName = key.IfName });
                reply.ReleasedIps.Add(ip);
            }
        }

        return Task.FromResult(reply);
    }

    private void Record(object request)
    {
        if (state.FailEverythingWith is { } code)
        {
            state.Calls.Enqueue(request);
            throw new RpcException(new Status(code, $"scripted {code}"));
        }

        state.Calls.Enqueue(request);
    }
}
