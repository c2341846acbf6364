namespace EsCni.Ipamd.Hosting;

/// <summary>The gRPC socket's file-system side: its directory (0750), a stale socket from a crash, its mode (0660).</summary>
/// <remarks>
/// Kestrel creates the socket with the process umask; between bind and <see cref="RestrictMode"/> the 0750 directory
/// is what keeps other users out (the VPC CNI moved off TCP for this reason: hostNetwork pods could forge DelNetwork).
/// </remarks>
internal static class UnixSocket
{
    public static void PrepareDirectory(string socketPath)
    {
        string directory = Path.GetDirectoryName(socketPath) ?? "/";
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        // A SIGKILLed daemon leaves its socket file behind; bind() would fail with EADDRINUSE. The journal LOCK we
        // already hold proves no other daemon is serving it.
        Remove(socketPath);
    }

    public static void RestrictMode(string socketPath) =>
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

    public static void Remove(string socketPath)
    {
        if (File.Exists(socketPath))
        {
            File.Delete(socketPath);
        }
    }
}
