using System.Net.Sockets;
using EsCni.ContainerRuntime.Cri;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.ContainerRuntime;

/// <summary>
/// A client of a container runtime's CRI <c>runtime.v1.RuntimeService</c> over its unix socket (containerd:
/// /run/containerd/containerd.sock): the pod sandbox calls kubelet makes. Every failure is a
/// <see cref="ContainerRuntimeException"/> naming the socket, the call and what to check.
/// </summary>
public sealed class CriRuntimeClient : IDisposable
{
    /// <summary>The CRI API version kubelet announces in Version.</summary>
    public const string ApiVersion = "v1";

    // Sandbox creation pulls nothing here but runs the CNI ADD, which may wait for an IP; the rest are bookkeeping.
    // kubelet's own default runtime-request-timeout is 2 minutes; ours are shorter so a wedged runtime shows sooner.
    private static readonly TimeSpan s_runDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_otherDeadline = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly RuntimeService.RuntimeServiceClient _client;

    public CriRuntimeClient(string socketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            // The documented UDS pattern; the "localhost" authority below is never resolved.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
        _client = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string SocketPath { get; }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken = default) =>
        CallAsync("Version", _client.VersionAsync(new VersionRequest { Version = ApiVersion }, Options(s_otherDeadline, cancellationToken)).ResponseAsync);

    /// <summary>Creates and starts a pod sandbox (the runtime runs CNI ADD); returns its id.</summary>
    public async Task<string> RunPodSandboxAsync(PodSandboxConfig config, string runtimeHandler = "", CancellationToken cancellationToken = default)
    {
        var request = new RunPodSandboxRequest { Config = config, RuntimeHandler = runtimeHandler };
        RunPodSandboxResponse response = await CallAsync("RunPodSandbox", _client.RunPodSandboxAsync(request, Options(s_runDeadline, cancellationToken)).ResponseAsync).ConfigureAwait(false);
        return response.PodSandboxId;
    }

    /// <summary>Stops a sandbox (the runtime runs CNI DEL). Idempotent in the CRI contract: kubelet retries it until it succeeds.</summary>
    public Task StopPodSandboxAsync(string podSandboxId, CancellationToken cancellationToken = default) =>
        CallAsync("StopPodSandbox", _client.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = podSandboxId }, Options(s_otherDeadline, cancellationToken)).ResponseAsync);

    public Task RemovePodSandboxAsync(string podSandboxId, CancellationToken cancellationToken = default) =>
        CallAsync("RemovePodSandbox", _client.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = podSandboxId }, Options(s_otherDeadline, cancellationToken)).ResponseAsync);

    public async Task<PodSandboxStatus> PodSandboxStatusAsync(string podSandboxId, CancellationToken cancellationToken = default)
    {
        var request = new PodSandboxStatusRequest { PodSandboxId = podSandboxId };
        PodSandboxStatusResponse response = await CallAsync("PodSandboxStatus", _client.PodSandboxStatusAsync(request, Options(s_otherDeadline, cancellationToken)).ResponseAsync).ConfigureAwait(false);
        return response.Status;
    }

    /// <summary>The runtime's sandboxes, all of them or those matching <paramref name="filter"/>.</summary>
    public async Task<IReadOnlyList<PodSandbox>> ListPodSandboxAsync(PodSandboxFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var request = new ListPodSandboxRequest { Filter = filter };
        ListPodSandboxResponse response = await CallAsync("ListPodSandbox", _client.ListPodSandboxAsync(request, Options(s_otherDeadline, cancellationToken)).ResponseAsync).ConfigureAwait(false);
        return response.Items;
    }

    public void Dispose() => _channel.Dispose();

    private static CallOptions Options(TimeSpan timeout, CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);

    private async Task<T> CallAsync<T>(string method, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw ContainerRuntimeException.From(SocketPath, method, e);
        }
    }
}
