namespace EsCni.Integration.Deploy;

/// <summary>
/// The instructions of a Dockerfile grouped by stage: continuation lines joined, comments dropped, and a FROM's
/// ${ARG} replaced by that global ARG's default (what a build without --build-arg uses). Enough to check what can be
/// checked without building (stages, COPY sources, commands), not a full parser.
/// </summary>
internal sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerfileStage> stages, IReadOnlyDictionary<string, string> globalArguments)
    {
        Stages = stages;
        GlobalArguments = globalArguments;
    }

    public IReadOnlyList<DockerfileStage> Stages { get; }

    /// <summary>ARGs declared before the first FROM, with their defaults (empty when none).</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public DockerfileStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name)
        ?? throw new InvalidDataException($"deploy/Dockerfile has no stage '{name}' (stages: {string.Join(", ", Stages.Select(s => s.Name))})");

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string instruction in JoinContinuations(text))
        {
            int space = instruction.IndexOf(' ', StringComparison.Ordinal);
            string keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            string arguments = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                string[] words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool named = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase);
                string image = globals.Aggregate(words[0], (from, arg) => from.Replace("${" + arg.Key + "}", arg.Value, StringComparison.Ordinal));
                stages.Add(new DockerfileStage(named ? words[2] : $"#{stages.Count}", image) { BaseImageAsWritten = words[0] });
            }
            else if (stages.Count == 0 && keyword == "ARG")
            {
                int equals = arguments.IndexOf('=', StringComparison.Ordinal);
                globals[equals < 0 ? arguments : arguments[..equals]] = equals < 0 ? string.Empty : arguments[(equals + 1)..];
            }
            else if (stages.Count == 0)
            {
                throw new InvalidDataException($"deploy/Dockerfile: '{instruction}' comes before the first FROM");
            }
            else
            {
                stages[^1].Instructions.Add((keyword, arguments));
            }
        }

        return new DockerfileModel(stages, globals);
    }

    private static IEnumerable<string> JoinContinuations(string text)
    {
        string pending = string.Empty;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#') || (pending.Length == 0 && line.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            yield return (pending + line.Trim()).Trim();
            pending = string.Empty;
        }

        if (pending.Length > 0)
        {
            yield return pending.Trim();
        }
    }
}
