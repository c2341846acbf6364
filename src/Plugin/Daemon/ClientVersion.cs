using System.Reflection;

namespace EsCni.Plugin.Daemon;

/// <summary>The version string sent as client_version; the daemon refuses a build other than its own.</summary>
internal static class ClientVersion
{
    /// <summary>The assembly informational version (e.g. "0.2.0"), the same string the daemon reports.</summary>
    public static string Value { get; } =
        typeof(ClientVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}
