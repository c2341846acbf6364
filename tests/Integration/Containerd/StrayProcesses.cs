using System.Globalization;
using EsCni.Integration.Support;

namespace EsCni.Integration.Containerd;

/// <summary>
/// The safety net after a private containerd: shims still running for it (their command line names its socket) and
/// mounts left under its directory (sandbox /dev/shm, rootfs binds) would outlive the test and block the directory's
/// removal. Only what names this test's own paths is touched.
/// </summary>
internal static class StrayProcesses
{
    public static void KillThoseNaming(string socketPath)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }

            if (commandLine.Contains(socketPath, StringComparison.Ordinal))
            {
                NetworkNamespace.TryRun("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    public static void UnmountUnder(string directory)
    {
        string prefix = directory.TrimEnd('/') + "/";
        IEnumerable<string> mountPoints = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (string point in mountPoints)
        {
            NetworkNamespace.TryRun("umount", "-l", point);
        }
    }
}
