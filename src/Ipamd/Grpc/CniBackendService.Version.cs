using Grpc.Core;

namespace EsCni.Ipamd.Grpc;

/// <summary>The version handshake: plugin and daemon ship together, so a plugin of another build is refused.</summary>
public sealed partial class CniBackendService
{
    private void RequireClientVersion(string clientVersion)
    {
        if (string.Equals(clientVersion, BuildInfo.Version, StringComparison.Ordinal))
        {
            return;
        }

        LogVersionMismatch(clientVersion, BuildInfo.Version);
        throw new RpcException(new Status(StatusCode.FailedPrecondition,
            $"escni plugin version '{clientVersion}' does not match escni-ipamd version '{BuildInfo.Version}'; "
            + "install the plugin from the same release as the daemon (the DaemonSet's init container copies it to /opt/cni/bin)"));
    }
}
