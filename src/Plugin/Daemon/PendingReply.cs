using Google.Protobuf;
using Grpc.Core;

namespace EsCni.Plugin.Daemon;

/// <summary>A daemon call that is sent and not yet answered (<see cref="DaemonClient.StartAddNetwork"/>).</summary>
/// <remarks>
/// Lets a command overlap its own kernel work with the daemon's allocation and durable append; <see cref="Finish"/>
/// fails with the same CNI errors as the blocking call.
/// </remarks>
internal sealed class PendingReply<T> : IDisposable
    where T : IMessage<T>
{
    private readonly DaemonClient _client;
    private readonly string _method;
    private readonly UnaryGrpcCall.Pending _call;
    private readonly MessageParser<T> _parser;

    internal PendingReply(DaemonClient client, string method, UnaryGrpcCall.Pending call, MessageParser<T> parser)
    {
        _client = client;
        _method = method;
        _call = call;
        _parser = parser;
    }

    /// <summary>Waits for the reply.</summary>
    /// <exception cref="CniException">The daemon refused or did not answer in time.</exception>
    public T Finish()
    {
        try
        {
            return _call.Finish(_parser);
        }
        catch (RpcException e)
        {
            throw _client.Map(_method, e);
        }
    }

    public void Dispose() => _call.Dispose();
}
