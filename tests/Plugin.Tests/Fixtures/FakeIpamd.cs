using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Protocol.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>A test double of escni-ipamd: the real gRPC contract on a real unix socket, scripted answers.</summary>
/// <remarks>
/// Allocations are keyed like the daemon's (network, container id, ifname); a repeated ADD returns the same IP.
/// Tests script per container id what AddNetwork answers (route table, a gRPC failure, a broken address).
/// </remarks>
public sealed class FakeIpamd : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;
    private int _nextHost;

    private FakeIpamd(WebApplication app, string directory, string socketPath)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Every request received, in order (AddNetworkRequest, DelNetworkRequest, ...).</summary>
    public ConcurrentQueue<object> Calls { get; } = new();

    public ConcurrentDictionary<(string Network, string ContainerId, string IfName), IpAllocationMetadata> Allocations { get; } = new();

    /// <summary>Per container id: how AddNetwork should answer.</summary>
    public ConcurrentDictionary<string, AddScript> Scripts { get; } = new();

    /// <summary>When set, every call fails with this status.</summary>
    public StatusCode? FailEverythingWith { get; set; }

    public StatusReply Status { get; set; } = new() { Ready = true, FreeIps = 10 };

    public static async Task<FakeIpamd> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("escni-pt-ipamd-").FullName;
        string socketPath = Path.Combine(directory, "ipamd.sock");
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.ListenUnixSocket(socketPath, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        FakeIpamd? self = null;
        builder.Services.AddSingleton(_ => self!);
        WebApplication app = builder.Build();
        app.MapGrpcService<FakeCniBackendService>();
        self = new FakeIpamd(app, directory, socketPath);
        await app.StartAsync();
        return self;
    }

    public IEnumerable<T> CallsOf<T>() => Calls.OfType<T>();

    internal IpAllocationMetadata Allocate(AddNetworkRequest request, out bool existing)
    {
        var key = (request.NetworkName, request.ContainerId, request.IfName);
        existing = Allocations.ContainsKey(key);
        AddScript script = Scripts.GetValueOrDefault(request.ContainerId) ?? new AddScript();
        return Allocations.GetOrAdd(key, _ =>
        {
            int n = System.Threading.Interlocked.Increment(ref _nextHost);
            return new IpAllocationMetadata
            {
                Ipv4Addr = script.Ipv6Address is null ? script.Address ?? $"10.201.{n / 250}.{n % 250 + 1}" : "",
                Ipv6Addr = script.Ipv6Address ?? "",
                RouteTableId = script.RouteTableId,
                DeviceNumber = script.RouteTableId == 254 ? 0 : script.RouteTableId - 1,
                EniId = "eni-0123456789abcdef0",
            };
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>How AddNetwork answers for one container id.</summary>
    /// <param name="Ipv6Address">When set, the pod is IPv6: ipv6_addr carries it and ipv4_addr is empty.</param>
    /// <param name="NodeIpv4">AddNetworkReply.node_ipv4 (the IPv4 egress SNAT source).</param>
    /// <param name="FailureMessage">The failure's detail instead of "scripted CODE for ID".</param>
    /// <param name="Rejection">The escni-rejection trailer sent with the failure.</param>
    /// <param name="Delay">How long AddNetwork waits before answering (honouring the call's deadline).</param>
    public sealed record AddScript(
        int RouteTableId = 254, StatusCode? Failure = null, string? Address = null, string? Ipv6Address = null, string? NodeIpv4 = null,
        string? FailureMessage = null, string? Rejection = null, TimeSpan? Delay = null);
}
