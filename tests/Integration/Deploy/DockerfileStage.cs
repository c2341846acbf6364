namespace EsCni.Integration.Deploy;

/// <summary>One FROM … AS name stage of a Dockerfile (base image with global ARG defaults applied) and its instructions (keyword upper-cased, arguments as written).</summary>
internal sealed record DockerfileStage(string Name, string BaseImage)
{
    /// <summary>The FROM argument before ARG substitution, e.g. ${RUNTIME_IMAGE}.</summary>
    public string BaseImageAsWritten { get; init; } = BaseImage;

    public List<(string Keyword, string Arguments)> Instructions { get; } = new();

    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>COPY instructions as (--from stage or null, sources, destination); only the plain (non-JSON) form.</summary>
    public IEnumerable<(string? From, IReadOnlyList<string> Sources, string Destination)> Copies()
    {
        foreach (string arguments in Arguments("COPY"))
        {
            List<string> words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            string? from = null;
            while (words.Count > 0 && words[0].StartsWith("--", StringComparison.Ordinal))
            {
                if (words[0].StartsWith("--from=", StringComparison.Ordinal))
                {
                    from = words[0]["--from=".Length..];
                }

                words.RemoveAt(0);
            }

            yield return (from, words[..^1], words[^1]);
        }
    }
}
