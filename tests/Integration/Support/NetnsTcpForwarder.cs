using System.Net;
using System.Net.Sockets;

namespace EsCni.Integration.Support;

/// <summary>
/// A TCP port on a node namespace's loopback that forwards every connection to a service on the host's (the test
/// PostgreSQL), so a daemon running in the namespace reaches it as it would a cluster store on its network.
/// </summary>
internal sealed class NetnsTcpForwarder : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly DnsEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private NetnsTcpForwarder(Socket listener, DnsEndPoint target)
    {
        _listener = listener;
        _target = target;
        _accepting = AcceptAsync();
    }

    /// <summary>The port on the namespace's 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static NetnsTcpForwarder Start(string netnsPath, string targetHost, int targetPort)
    {
        Socket listener = NetnsSockets.CreateTcp(netnsPath);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new NetnsTcpForwarder(listener, new DnsEndPoint(targetHost, targetPort));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside = await _listener.AcceptAsync(_stop.Token);
            _ = ForwardAsync(inside);
        }
    }

    private async Task ForwardAsync(Socket inside)
    {
        using (inside)
        using (var outside = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await outside.ConnectAsync(_target, _stop.Token);
                await using var a = new NetworkStream(inside);
                await using var b = new NetworkStream(outside);
                // Either side closing ends the pair; the other copy then fails on its disposed socket.
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection that ends is the client's business (Npgsql reconnects).
            }
        }
    }
}
