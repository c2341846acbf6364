using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>A named network namespace (`ip netns add escni-pt-...`) deleted on dispose.</summary>
public sealed class TestNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    public TestNamespace(string role)
    {
        Name = $"escni-pt-{role}-{Guid.NewGuid().ToString("N")[..8]}";
        Shell.Ip("netns", "add", Name);
        try
        {
            Shell.Ip("-n", Name, "link", "set", "lo", "up");
        }
        catch
        {
            Delete();
            throw;
        }
    }

    public string Name { get; }

    public string Path => "/run/netns/" + Name;

    public bool Exists => File.Exists(Path);

    public void Delete()
    {
        if (Exists)
        {
            Shell.Run("ip", ["netns", "del", Name]);
        }
    }

    public void Dispose() => Delete();

    /// <summary>Creates a socket inside this namespace (on a dedicated thread, switched back before it ends).</summary>
    public System.Net.Sockets.Socket CreateTcpSocket(
        System.Net.Sockets.AddressFamily family = System.Net.Sockets.AddressFamily.InterNetwork)
    {
        System.Net.Sockets.Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle(Path);
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                Check(setns(target.DangerousGetHandle().ToInt32(), CloneNewNet), "setns into " + Name);
                try
                {
                    socket = new System.Net.Sockets.Socket(
                        family,
                        System.Net.Sockets.SocketType.Stream,
                        System.Net.Sockets.ProtocolType.Tcp);
                }
                finally
                {
                    if (setns(original.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                    {
                        Environment.FailFast("test thread could not switch back to its namespace");
                    }
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? socket! : throw new InvalidOperationException("socket in " + Name, failure);
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
}
