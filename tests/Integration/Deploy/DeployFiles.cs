using System.Text.RegularExpressions;
using EsCni.Integration.Support;

namespace EsCni.Integration.Deploy;

/// <summary>Where the deployment artifacts under test are, and the sources they must agree with.</summary>
internal static partial class DeployFiles
{
    public static string Root => RepoPaths.Root;

    public static string Kubernetes => Path.Combine(Root, "deploy", "kubernetes");

    public static string Dockerfile => Path.Combine(Root, "deploy", "Dockerfile");

    public static string Entrypoint => Path.Combine(Root, "deploy", "entrypoint.sh");

    public static string IamPolicy => Path.Combine(Root, "deploy", "iam-policy.json");

    public static string Conflist => Path.Combine(Root, "deploy", "cni", "10-escni.conflist");

    public static string Compose => Path.Combine(Root, "docker-compose.yml");

    public static string ConfigurationDoc => Path.Combine(Root, "docs", "configuration.md");

    public static string Ec2SimDefaultScenario => Path.Combine(Root, "tests", "Ec2Sim", "scenarios", "default.json");

    /// <summary>The text of a repository file, failing with its path when it is missing.</summary>
    public static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"{path} is missing from the repository", path);

    /// <summary>The C# sources of a src/ project (bin/ and obj/ left out), as (relative path, text).</summary>
    public static IEnumerable<(string Path, string Text)> Sources(string relativeDirectory)
    {
        string directory = Path.Combine(Root, relativeDirectory);
        return Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Root, f), File.ReadAllText(f)));
    }

    /// <summary>Every environment variable name escni-ipamd reads: the string literals in SCREAMING_CASE of src/Ipamd and the libraries only it uses.</summary>
    public static IReadOnlySet<string> DaemonVariables() =>
        new[] { "src/Ipamd", "src/Cloud", "src/HostNetwork", "src/ClusterDocumentStore" }.Where(d => Directory.Exists(Path.Combine(Root, d))).SelectMany(Sources)
            .SelectMany(s => VariableLiteral().Matches(s.Text).Select(m => m.Groups[1].Value))
            .Where(name => name.Contains('_', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    // Lower case allowed after the first letter: the VPC CNI spells ENABLE_IPv6 / ENABLE_IPv4 so, and so do we.
    [GeneratedRegex("\"([A-Z][A-Za-z0-9_]{3,})\"")]
    private static partial Regex VariableLiteral();
}
