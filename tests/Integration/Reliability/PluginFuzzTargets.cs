using System.Text.Json.Nodes;

namespace EsCni.Integration.Reliability;

/// <summary>The places a fuzz case may point the plugin at: only throwaway namespaces, sockets and files.</summary>
internal sealed record PluginFuzzTargets(string PodNetns, string Socket, string ScratchDirectory)
{
    /// <summary>A valid conflist entry for these targets, in one supported version.</summary>
    public JsonObject ValidConfig(string cniVersion, bool withLogFile) => new()
    {
        ["cniVersion"] = cniVersion,
        ["name"] = "escni",
        ["type"] = "escni",
        ["ipamdSocket"] = Socket,

        // A DEL the daemon cannot take is spooled here, at once: never in the host's /var/lib/escni, never after a 5 s wait.
        ["spoolDir"] = Path.Combine(ScratchDirectory, "spool"),
        ["delDaemonWaitSeconds"] = 0,
        ["mtu"] = 9001,
        ["logLevel"] = "debug",
        ["logFile"] = withLogFile ? Path.Combine(ScratchDirectory, "plugin.log") : null,
    };
}
