namespace EsCni.Integration.Support;

/// <summary>Where the binaries under test are: the ones scripts/test.sh publishes to artifacts/.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Environment.GetEnvironmentVariable("ESCNI_ARTIFACTS") is { Length: > 0 } a ? a : Path.Combine(Root, "artifacts");

    public static string Daemon => Require(Path.Combine(Artifacts, "ipamd", "escni-ipamd"), "dotnet publish src/Ipamd -c Release -o artifacts/ipamd");

    public static string Plugin => Require(Path.Combine(Artifacts, "plugin", "escni"), "dotnet publish src/Plugin -c Release -r linux-x64 -o artifacts/plugin");

    public static string Ec2SimDll => Require(Path.Combine(Root, "tests", "Ec2Sim", "bin", "Release", "net10.0", "EsCni.Ec2Sim.dll"), "dotnet build tests/Ec2Sim -c Release");

    /// <summary>True when the long (soak) variants should run (./scripts/test.sh --long).</summary>
    public static bool Long => Environment.GetEnvironmentVariable("ESCNI_LONG") == "1";

    private static string Require(string path, string howToBuild) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; run ./scripts/test.sh, or build it with `{howToBuild}`", path);

    private static string FindRoot()
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

        throw new InvalidOperationException("cannot find the repository root (EsCni.sln) above " + AppContext.BaseDirectory);
    }
}
