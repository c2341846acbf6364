namespace EsCni.Testing;

/// <summary>
/// One golden journal under tests/Golden/&lt;release&gt;/&lt;name&gt;: a journal written by that release's binaries, the
/// replay cases run on it (cases.txt) and what that release's CLI answered (expected/). Read-only: tests work on copies.
/// </summary>
public sealed class GoldenJournal
{
    /// <summary>The placeholder for the journal directory in cases.txt and in the expected outputs.</summary>
    public const string JournalPlaceholder = "$JOURNAL";

    private GoldenJournal(string id, string folder)
    {
        Id = id;
        Folder = folder;
    }

    /// <summary>"release/name", e.g. "v0.1/node-a".</summary>
    public string Id { get; }

    /// <summary>The fixture folder in the repository.</summary>
    public string Folder { get; }

    /// <summary>Every golden journal of every release; none is ever deleted, each release adds its own.</summary>
    public static IReadOnlyList<GoldenJournal> All()
    {
        string root = Path.Combine(RepositoryRoot(), "tests", "Golden");
        return Directory.EnumerateFiles(root, "cases.txt", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Select(folder => new GoldenJournal(Path.GetRelativePath(root, folder!).Replace('\\', '/'), folder!))
            .OrderBy(g => g.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The golden journal with this id.</summary>
    public static GoldenJournal Get(string id) =>
        All().SingleOrDefault(g => g.Id == id) ?? throw new InvalidOperationException($"no golden journal '{id}' under tests/Golden (is the repository checked out fully?)");

    /// <summary>The cases of cases.txt: name and arguments, with <see cref="JournalPlaceholder"/> for the journal.</summary>
    public IReadOnlyList<GoldenCase> Cases() =>
        File.ReadAllLines(Path.Combine(Folder, "cases.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(words => new GoldenCase(words[0], words[1..]))
            .ToList();

    /// <summary>The recorded exit code and outputs of a case.</summary>
    public (int Exit, string Out, string Err) Expected(string caseName)
    {
        string expected = Path.Combine(Folder, "expected");
        string exitLine = File.ReadAllLines(Path.Combine(expected, "exit-codes.txt")).Single(l => l.StartsWith(caseName + " ", StringComparison.Ordinal));
        string err = Path.Combine(expected, caseName + ".err");
        return (int.Parse(exitLine[(caseName.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            File.ReadAllText(Path.Combine(expected, caseName + ".out")),
            File.Exists(err) ? File.ReadAllText(err) : string.Empty);
    }

    /// <summary>A file of the fixture, e.g. "expected/state-end.out" or "live/pods.json".</summary>
    public string PathOf(string relative) => Path.Combine(Folder, relative);

    /// <summary>
    /// The pool settings the journal was written under (node/daemon.env, KEY=VALUE lines as scripts/golden-journal.sh
    /// writes them: ENABLE_PREFIX_DELEGATION, ENABLE_IPv6); empty for a fixture without node/ (v0.1: the defaults).
    /// </summary>
    public IReadOnlyDictionary<string, string> DaemonSettings()
    {
        string file = PathOf(Path.Combine("node", "daemon.env"));
        return !File.Exists(file)
            ? new Dictionary<string, string>()
            : File.ReadLines(file).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
    }

    /// <summary>The simulator scenario the journal was written against (node/scenario.json), or null for the simulator's default.</summary>
    public string? SimulatorScenario()
    {
        string file = PathOf(Path.Combine("node", "scenario.json"));
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    /// <summary>Copies journal/ byte for byte into a new temp directory (a daemon or CLI may repair a torn tail on it).</summary>
    public string CopyJournal()
    {
        string copy = Path.Combine(Directory.CreateTempSubdirectory("escni-golden-").FullName, "journal");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Folder, "journal")))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    /// <summary>The files of a copy that no longer match journal/ byte for byte (added, changed or missing).</summary>
    public IReadOnlyList<string> ChangedFiles(string copy)
    {
        string journal = Path.Combine(Folder, "journal");
        return Directory.EnumerateFiles(journal).Select(Path.GetFileName).Union(Directory.EnumerateFiles(copy).Select(Path.GetFileName))
            .Where(name => !File.Exists(Path.Combine(journal, name!)) || !File.Exists(Path.Combine(copy, name!))
                           || !File.ReadAllBytes(Path.Combine(journal, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(copy, name!))))
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Removes a copy made by <see cref="CopyJournal"/>.</summary>
    public static void DeleteCopy(string copy) => Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);

    /// <summary>The repository root: ESCNI_REPO_ROOT, else the first directory above the test binaries holding EsCni.sln.</summary>
    public static string RepositoryRoot()
    {
        if (Environment.GetEnvironmentVariable("ESCNI_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsCni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (EsCni.sln) above " + AppContext.BaseDirectory + "; set ESCNI_REPO_ROOT");
    }
}
