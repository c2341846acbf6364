using EsCni.Integration.Support;

namespace EsCni.Integration.Containerd;

/// <summary>
/// A test that needs Debian's containerd, runc and static busybox (scripts/test.sh installs them). Missing ones are
/// installed with apt-get once; the test is skipped, with the reason, only when that fails. <c>Long</c>: the soak
/// variant, run only with ESCNI_LONG=1 (./scripts/test.sh --long).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContainerdFactAttribute : FactAttribute
{
    private static readonly string[] s_packages = ["containerd", "runc", "busybox-static", "containernetworking-plugins"];
    private static readonly Lazy<string?> s_missing = new(InstallMissing);

    public ContainerdFactAttribute(bool isLong = false)
    {
        if (isLong && !RepoPaths.Long)
        {
            Skip = "long-only: set ESCNI_LONG=1 (./scripts/test.sh --long) to run it";
        }
        else if (s_missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static bool Installed() =>
        File.Exists("/usr/bin/containerd") && File.Exists("/usr/sbin/runc") && File.Exists(SandboxImage.BusyboxPath)
        && File.Exists("/usr/lib/cni/loopback") && File.Exists("/usr/bin/ctr");

    private static string? InstallMissing()
    {
        if (Installed())
        {
            return null;
        }

        (int code, _, string stderr) = NetworkNamespace.TryRun(["apt-get", "install", "-y", "-qq", "--no-install-recommends", .. s_packages]);
        return Installed()
            ? null
            : $"containerd/runc/busybox-static are not installed and `apt-get install {string.Join(' ', s_packages)}` failed ({code}: {stderr.Trim()}); scripts/test.sh installs them";
    }
}
