using System.Reflection;

namespace EsCni.Ipamd;

/// <summary>The daemon's build string; the plugin must send exactly this as its client version.</summary>
public static class BuildInfo
{
    /// <summary>The assembly's informational version (version + source revision), shared by plugin and daemon of one build.</summary>
    public static string Version { get; } =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
