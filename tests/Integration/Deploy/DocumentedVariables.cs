using System.Text.RegularExpressions;

namespace EsCni.Integration.Deploy;

/// <summary>
/// The daemon's variables as docs/configuration.md documents them: name → default, where the default is the literal
/// value (`1`, `false`, or "empty" for the empty string) or null when the doc gives none (unset, regional, from IMDS).
/// </summary>
internal static partial class DocumentedVariables
{
    public static IReadOnlyDictionary<string, string?> Load() => Parse(DeployFiles.Read(DeployFiles.ConfigurationDoc));

    /// <summary>Reads the table of the "## Daemon" section; `X_RATE` / `_BURST` means X_RATE and X_BURST.</summary>
    public static IReadOnlyDictionary<string, string?> Parse(string markdown)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        bool inDaemonSection = false;
        foreach (string line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inDaemonSection = line.Trim() == "## Daemon";
                continue;
            }

            if (!inDaemonSection || !line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            string[] cells = line.Split('|');
            List<string> names = Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            for (int i = 1; i < names.Count; i++)
            {
                if (names[i].StartsWith('_'))
                {
                    names[i] = names[0][..names[0].LastIndexOf('_')] + names[i];
                }
            }

            List<string> defaults = Code().Matches(cells[2]).Select(m => m.Groups[1].Value).ToList();
            for (int i = 0; i < names.Count; i++)
            {
                variables[names[i]] = defaults.Count switch
                {
                    0 => cells[2].Trim() == "empty" ? string.Empty : null,
                    1 => defaults[0],
                    _ when defaults.Count == names.Count => defaults[i],
                    _ => throw new InvalidDataException($"docs/configuration.md: cannot pair the defaults of '{line.Trim()}' with its names"),
                };
            }
        }

        return variables.Count > 0
            ? variables
            : throw new InvalidDataException("docs/configuration.md has no '## Daemon' table of variables");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
