using Google.Protobuf;

namespace EsCni.Plugin.Daemon;

/// <summary>A call whose request is sent and whose reply is still to be read.</summary>
internal static partial class UnaryGrpcCall
{
    /// <summary>
    /// Sent, not yet answered. The daemon works on the request meanwhile and its reply waits in the socket's buffer;
    /// the deadline runs from <see cref="Start"/>. Disposing without <see cref="Finish"/> abandons the call (the daemon
    /// still completes it: an abandoned ADD's allocation is released by the DEL the runtime sends after a failed ADD).
    /// </summary>
    public sealed class Pending(UnixStream socket, string socketPath, long deadline) : IDisposable
    {
        /// <summary>Reads the reply; throws the call's <see cref="Grpc.Core.RpcException"/> as <see cref="Invoke"/> does.</summary>
        public TReply Finish<TReply>(MessageParser<TReply> parser)
            where TReply : IMessage<TReply>
        {
            return Translated(socketPath, () =>
            {
                (List<(string, string)> trailers, byte[] message) = ReadReply(new FrameReader(socket, deadline), socket);
                return Decode(trailers, message, parser);
            });
        }

        public void Dispose() => socket.Dispose();
    }
}
