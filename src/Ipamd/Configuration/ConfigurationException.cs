namespace EsCni.Ipamd.Configuration;

/// <summary>The daemon's configuration is invalid; the message lists every problem, each naming its variable.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems a <see cref="SettingsReader"/> collected.</summary>
    public ConfigurationException(IReadOnlyList<string> problems)
        : base("escni-ipamd cannot start: its configuration is invalid:" + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem on its own.</summary>
    public IReadOnlyList<string> Problems { get; }
}
