using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace EsCni.Integration.Support;

/// <summary>Creates TCP sockets inside a network namespace, so the test process can reach services bound to its loopback.</summary>
/// <remarks>
/// A socket belongs for life to the namespace of the thread that created it; setns only changes the calling thread.
/// So: a fresh thread enters the namespace, creates the socket, returns to the original namespace, and ends.
/// </remarks>
internal static class NetnsSockets
{
    public static Socket CreateTcp(string netnsPath, AddressFamily family = AddressFamily.InterNetwork)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                socket = CreateInside(netnsPath, family);
            }
#pragma warning disable CA1031 // rethrown on the caller's thread
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException($"cannot create a socket in {netnsPath}", failure);
    }

    public static HttpClient CreateHttpClient(string netnsPath, Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Socket socket = CreateTcp(netnsPath);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private static unsafe Socket CreateInside(string netnsPath, AddressFamily family)
    {
        using SafeFileHandle original = File.OpenHandle("/proc/thread-self/ns/net");
        using SafeFileHandle target = File.OpenHandle(netnsPath);
        Check(LibC.setns((int)target.DangerousGetHandle(), LibC.CLONE_NEWNET), "setns into " + netnsPath);
        try
        {
            return new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        }
        finally
        {
            if (LibC.setns((int)original.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
            {
                // The thread is stuck in the other namespace; it ends right after this, but say so loudly.
                Environment.FailFast("cannot return a test thread to its network namespace");
            }
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"{what} failed: errno {LibC.errno}");
        }
    }
}
