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

/// <summary>The CNI_COMMAND spelling of each verb: parsed from the environment, written in log lines and messages.</summary>
internal static class CniCommandVerb
{
    private static readonly CniCommand[] s_all = [CniCommand.Add, CniCommand.Del, CniCommand.Check, CniCommand.Status, CniCommand.Gc, CniCommand.Version];

    /// <summary>"ADD, DEL, CHECK, STATUS, GC or VERSION", for an error that asks for one.</summary>
    public static string Choices => string.Join(", ", s_all[..^1].Select(Verb)) + " or " + s_all[^1].Verb();

    /// <summary>The verb CNI_COMMAND names (exact spelling, as the spec gives it), or false.</summary>
    public static bool TryParse(string? text, out CniCommand command)
    {
        foreach (CniCommand candidate in s_all)
        {
            if (candidate.Verb() == text)
            {
                command = candidate;
                return true;
            }
        }

        command = default;
        return false;
    }

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
