namespace EsCni.Ipamd;

/// <summary>The daemon's build string; the plugin must send exactly this as its client version.</summary>
/// <remarks>
/// The assembly's informational version, written as a constant at build time (EsCni.Ipamd.csproj, WriteBuildVersion):
/// asking the assembly for its attribute at run time loads the assembly of every other assembly attribute too.
/// </remarks>
public static class BuildInfo
{
    /// <summary>The assembly's informational version (version + source revision), shared by plugin and daemon of one build.</summary>
    public static string Version => BuildVersion.Informational;
}
