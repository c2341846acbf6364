namespace EsCni.Plugin.Daemon;

/// <summary>The version string sent as client_version; the daemon refuses a build other than its own.</summary>
internal static class ClientVersion
{
    /// <summary>
    /// The informational version (e.g. "0.2.0"), the same string the daemon reports: a constant written at build time
    /// (src/BuildVersion.targets), as reading the assembly attribute costs every call reflection over its metadata.
    /// </summary>
    public const string Value = BuildVersion.Informational;
}
