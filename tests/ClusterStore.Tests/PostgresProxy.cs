using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace EsCni.ClusterStore.Tests;

/// <summary>
/// A TCP proxy in front of the test PostgreSQL that a test controls: stop it (PostgreSQL "down": connections refused
/// and live ones cut), start it again, or arm it to swallow the server's reply to the next COMMIT and cut the
/// connection — the commit happened, the client cannot know (the outcome-unknown case Marten does not retry).
/// </summary>
internal sealed class PostgresProxy : IAsyncDisposable
{
    private static readonly byte[] s_commitTag = Encoding.ASCII.GetBytes("COMMIT\0");
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _live = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cts = new();
    private int _commitRepliesToDrop;
    private int _droppedCommitReplies;

    public PostgresProxy(string targetConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(targetConnectionString);
        _targetHost = builder.Host ?? "127.0.0.1";
        _targetPort = builder.Port;
        TargetConnectionString = targetConnectionString;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string TargetConnectionString { get; }

    /// <summary>The target's connection string pointed at the proxy, with short timeouts so "down" shows quickly.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TargetConnectionString) { Host = "127.0.0.1", Port = Port, Timeout = 3, CommandTimeout = 10 }.ConnectionString;

    /// <summary>How many COMMIT replies were swallowed (each after the server had committed).</summary>
    public int DroppedCommitReplies => Volatile.Read(ref _droppedCommitReplies);

    public void DropNextCommitReplies(int count) => Volatile.Write(ref _commitRepliesToDrop, count);

    public void Start()
    {
        _cts = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _cts.Token);
    }

    /// <summary>Refuses new connections and cuts the live ones.</summary>
    public async Task StopAsync()
    {
        await _cts.CancelAsync();
        _listener?.Stop();
        lock (_live)
        {
            foreach (TcpClient c in _live)
            {
                c.Dispose();
            }

            _live.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _cts.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested || !listener.Server.IsBound)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, ct);
            }
            catch (Exception)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_live)
            {
                _live.Add(client);
                _live.Add(server);
            }

            _ = PumpAsync(client, server, inspectCommit: false);
            _ = PumpAsync(server, client, inspectCommit: true);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool inspectCommit)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream source = from.GetStream();
            NetworkStream sink = to.GetStream();
            while (true)
            {
                int n = await source.ReadAsync(buffer);
                if (n == 0)
                {
                    break;
                }

                if (inspectCommit && Volatile.Read(ref _commitRepliesToDrop) > 0 && buffer.AsSpan(0, n).IndexOf(s_commitTag) >= 0)
                {
                    Interlocked.Decrement(ref _commitRepliesToDrop);
                    Interlocked.Increment(ref _droppedCommitReplies);
                    break; // the server committed; the client never hears of it
                }

                await sink.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception)
        {
            // either side went away
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
