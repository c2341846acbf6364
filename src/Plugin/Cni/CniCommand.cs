namespace EsCni.Plugin.Cni;

/// <summary>The CNI verbs (CNI_COMMAND values).</summary>
internal enum CniCommand
{
    Add,
    Del,
    Check,
    Status,
    Gc,
    Version,
}

/// <summary>The CNI_COMMAND spelling of each verb, for log lines and messages.</summary>
internal static class CniCommandVerb
{
    /// <summary>
    /// "ADD", "DEL", … as CNI_COMMAND spells them. A switch rather than <see cref="Enum.ToString()"/>, which in a
    /// NativeAOT binary reads the enum's names from reflection metadata on every call of the plugin.
    /// </summary>
    public static string Verb(this CniCommand command) => command switch
    {
        CniCommand.Add => "ADD",
        CniCommand.Del => "DEL",
        CniCommand.Check => "CHECK",
        CniCommand.Status => "STATUS",
        CniCommand.Gc => "GC",
        CniCommand.Version => "VERSION",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a CNI verb"),
    };
}
