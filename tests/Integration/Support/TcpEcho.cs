using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EsCni.Integration.Support;

/// <summary>Proves traffic between two namespaces with a real TCP echo: listener in one, client in the other.</summary>
internal static class TcpEcho
{
    public static async Task<string> RoundTripAsync(NetworkNamespace server, IPAddress listenAddress, NetworkNamespace client, IPAddress connectTo, string message)
    {
        using Socket listener = NetnsSockets.CreateTcp(server.Path, listenAddress.AddressFamily);
        listener.Bind(new IPEndPoint(listenAddress, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task<string> serve = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptAsync();
            byte[] buffer = new byte[1024];
            int read = await accepted.ReceiveAsync(buffer);
            await accepted.SendAsync(buffer.AsMemory(0, read));
            return Encoding.UTF8.GetString(buffer, 0, read);
        });

        using Socket socket = NetnsSockets.CreateTcp(client.Path, connectTo.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new IPEndPoint(connectTo, port), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(message));
        byte[] reply = new byte[1024];
        int got = await socket.ReceiveAsync(reply, timeout.Token);
        string served = await serve.WaitAsync(timeout.Token);
        Assert.Equal(message, served);
        return Encoding.UTF8.GetString(reply, 0, got);
    }

    /// <summary>Connects from <paramref name="client"/> and returns the source address the listener saw (what SNAT did, or did not do).</summary>
    public static async Task<IPAddress> SourceSeenAsync(NetworkNamespace server, IPAddress listenAddress, NetworkNamespace client, IPAddress connectTo)
    {
        using Socket listener = NetnsSockets.CreateTcp(server.Path, listenAddress.AddressFamily);
        listener.Bind(new IPEndPoint(listenAddress, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Task<Socket> accept = listener.AcceptAsync(timeout.Token).AsTask();
        using Socket socket = NetnsSockets.CreateTcp(client.Path, connectTo.AddressFamily);
        await socket.ConnectAsync(new IPEndPoint(connectTo, port), timeout.Token);
        using Socket accepted = await accept;
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
    }
}
