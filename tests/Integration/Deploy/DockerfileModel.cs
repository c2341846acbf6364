namespace EsCni.Integration.Deploy;

/// <summary>
/// The instructions of a Dockerfile grouped by stage: continuation lines joined, comments dropped. Enough to check
/// what can be checked without a Docker daemon (stages, COPY sources, commands), not a full parser.
/// </summary>
internal sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerfileStage> stages)
    {
        Stages = stages;
    }

    public IReadOnlyList<DockerfileStage> Stages { get; }

    public DockerfileStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name)
        ?? throw new InvalidDataException($"deploy/Dockerfile has no stage '{name}' (stages: {string.Join(", ", Stages.Select(s => s.Name))})");

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        foreach (string instruction in JoinContinuations(text))
        {
            int space = instruction.IndexOf(' ', StringComparison.Ordinal);
            string keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            string arguments = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                string[] words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool named = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase);
                stages.Add(new DockerfileStage(named ? words[2] : $"#{stages.Count}", words[0]));
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

        return new DockerfileModel(stages);
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
