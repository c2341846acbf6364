using Google.Protobuf;
using Grpc.Core;

namespace EsCni.Plugin.Daemon;

/// <summary>The gRPC client of escni-ipamd over its unix socket; maps gRPC failures to CNI error codes.</summary>
/// <remarks>Each call is one <see cref="UnaryGrpcCall"/> on its own connection: a plugin process makes one or two.</remarks>
internal sealed class DaemonClient : IDisposable
{
    // ADD waits for the allocation to be durable in the journal, and maybe for a warm-pool refill; DEL
    // and the rest are local bookkeeping. Deadlines keep a wedged daemon from hanging the runtime.
    private static readonly TimeSpan s_addDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_otherDeadline = TimeSpan.FromSeconds(10);

    public DaemonClient(string socketPath)
    {
        SocketPath = socketPath;
    }

    /// <summary>The gRPC trailer in which escni-ipamd names why it refused (a RejectionCode); see CniBackendService.</summary>
    public const string RejectionTrailer = "escni-rejection";

    public string SocketPath { get; }

    public Task<AddNetworkReply> AddNetworkAsync(AddNetworkRequest request)
    {
        request.ClientVersion = ClientVersion.Value;
        return CallAsync("AddNetwork", request, AddNetworkReply.Parser, s_addDeadline);
    }

    /// <summary>Sends AddNetwork and returns before the daemon answers: ADD creates the veth pair meanwhile.</summary>
    /// <exception cref="CniException">The daemon is not reachable (mapped as for <see cref="AddNetworkAsync"/>).</exception>
    public PendingReply<AddNetworkReply> StartAddNetwork(AddNetworkRequest request)
    {
        request.ClientVersion = ClientVersion.Value;
        return Start("AddNetwork", request, AddNetworkReply.Parser, s_addDeadline);
    }

    /// <summary>Sends DelNetwork and returns before the daemon answers: DEL deletes the pod's veth meanwhile.</summary>
    public PendingReply<DelNetworkReply> StartDelNetwork(DelNetworkRequest request, TimeSpan? timeout = null)
    {
        request.ClientVersion = ClientVersion.Value;
        TimeSpan deadline = timeout is { } t && t < s_otherDeadline ? t : s_otherDeadline;
        return Start("DelNetwork", request, DelNetworkReply.Parser, deadline);
    }

    /// <param name="request">The DEL.</param>
    /// <param name="timeout">The call's deadline; DEL's retry loop passes what is left of its wait (never more than 10 s).</param>
    public Task<DelNetworkReply> DelNetworkAsync(DelNetworkRequest request, TimeSpan? timeout = null)
    {
        request.ClientVersion = ClientVersion.Value;
        TimeSpan deadline = timeout is { } t && t < s_otherDeadline ? t : s_otherDeadline;
        return CallAsync("DelNetwork", request, DelNetworkReply.Parser, deadline);
    }

    public Task<CheckReply> CheckAsync(CheckRequest request)
    {
        request.ClientVersion = ClientVersion.Value;
        return CallAsync("Check", request, CheckReply.Parser, s_otherDeadline);
    }

    public Task<StatusReply> StatusAsync()
    {
        var request = new StatusRequest { ClientVersion = ClientVersion.Value };
        return CallAsync("Status", request, StatusReply.Parser, s_otherDeadline);
    }

    public Task<GcReply> GcAsync(GcRequest request)
    {
        request.ClientVersion = ClientVersion.Value;
        return CallAsync("Gc", request, GcReply.Parser, s_otherDeadline);
    }

    public void Dispose()
    {
        // Nothing is kept open between calls; IDisposable stays so callers keep their using blocks.
    }

    /// <summary>True for failures meaning "the daemon is not there or not answering", as opposed to a refusal.</summary>
    public static bool IsUnreachable(CniException error) => error.InnerException is RpcException
    {
        StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded,
    };

    /// <summary>
    /// A refused ADD, by the daemon's reason (trailer <see cref="RejectionTrailer"/>): at capacity only deleting pods
    /// helps, an exhausted subnet needs addresses, otherwise an IP is coming. All are "try again later": kubelet
    /// retries anyway, and each clears without a restart.
    /// </summary>
    private static CniException NoFreeIp(string method, string detail, RpcException e) => e.Trailers.GetValue(RejectionTrailer) switch
    {
        "AtCapacity" => new CniException(
            CniErrorCode.TryAgainLater,
            $"node at capacity ({method}): {detail}",
            "no pod IP is left on this node; the ADD succeeds only after a pod on this node is deleted, so set kubelet max-pods as the message says",
            e),
        "SubnetExhausted" => new CniException(
            CniErrorCode.TryAgainLater,
            $"escni-ipamd has no free IP and the subnet has no free addresses ({method}): {detail}",
            "free addresses in the node's subnet or add a subnet; the runtime retries the ADD",
            e),
        _ => new CniException(
            CniErrorCode.TryAgainLater,
            $"escni-ipamd has no free IP now ({method}): {detail}",
            "an IP is coming (see the message); the runtime retries the ADD",
            e),
    };

    private Task<T> CallAsync<T>(string method, IMessage request, MessageParser<T> parser, TimeSpan timeout)
        where T : IMessage<T>
    {
        try
        {
            return Task.FromResult(UnaryGrpcCall.Invoke(SocketPath, method, request, parser, timeout));
        }
        catch (RpcException e)
        {
            throw Map(method, e);
        }
    }

    private PendingReply<T> Start<T>(string method, IMessage request, MessageParser<T> parser, TimeSpan timeout)
        where T : IMessage<T>
    {
        try
        {
            return new PendingReply<T>(this, method, UnaryGrpcCall.Start(SocketPath, method, request, timeout), parser);
        }
        catch (RpcException e)
        {
            throw Map(method, e);
        }
    }

    /// <summary>The CNI error for a failed call: refusals by their reason, an absent daemon as "not ready".</summary>
    internal CniException Map(string method, RpcException e)
    {
        string detail = e.Status.Detail;
        return e.StatusCode switch
        {
            StatusCode.ResourceExhausted => NoFreeIp(method, detail, e),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => new CniException(
                CniErrorCode.NotReady,
                File.Exists(SocketPath)
                    ? $"escni-ipamd is not reachable or not ready on {SocketPath} ({method}: {e.StatusCode}): {detail}"
                    : $"escni-ipamd socket {SocketPath} does not exist ({method}); the daemon is not running",
                "check that the escni-ipamd pod runs on this node and that ipamdSocket in the CNI config points at its socket",
                e),
            StatusCode.FailedPrecondition => new CniException(
                CniErrorCode.Internal,
                $"escni-ipamd refused {method}: {detail}",
                $"plugin version is {ClientVersion.Value}; install the escni binary shipped with the running escni-ipamd",
                e),
            _ => new CniException(
                CniErrorCode.Internal,
                $"escni-ipamd failed {method} ({e.StatusCode}): {detail}",
                null,
                e),
        };
    }
}
