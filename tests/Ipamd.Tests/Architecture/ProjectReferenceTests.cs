using System.Xml.Linq;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, read from every src/*/*.csproj: each project references exactly the
/// projects its arrow allows, so a shortcut (say, Cloud using the pool) fails here instead of rotting the layout.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>The allowed arrows: project folder under src/ → the src projects it may (and does) reference.</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Domain"] = [],
        ["Journal"] = [],
        ["Projections"] = ["Domain", "Journal"],
        ["Cloud"] = [],
        ["HostNetwork"] = [],
        // The CRI client (runtime.v1 over the runtime's unix socket); Ipamd uses it for the runtime GC (issue #15).
        ["ContainerRuntime"] = [],
        ["ClusterStore"] = ["Domain", "Journal", "Projections"],
        ["Replay"] = ["Domain", "Journal", "Projections", "ClusterStore"],
        ["Ipamd"] = ["Domain", "Journal", "Projections", "Cloud", "HostNetwork", "ClusterStore", "Replay", "ContainerRuntime"],
        // The plugin shares only the proto file with the daemon (a <Protobuf> item, not a project reference).
        ["Plugin"] = [],
    };

    [Fact]
    public void SrcProjects_EachProject_ReferencesExactlyItsAllowedProjects()
    {
        var problems = new List<string>();
        foreach (string project in SrcProjects())
        {
            string name = Path.GetFileName(Path.GetDirectoryName(project))!;
            if (!s_allowed.TryGetValue(name, out string[]? allowed))
            {
                continue; // reported by SrcProjects_OnDisk_AreTheProjectsOfTheLayering
            }

            var actual = References(project).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(actual.Except(allowed).Select(r => $"src/{name} references src/{r}, which its layer may not use (docs/architecture.md)"));
            problems.AddRange(allowed.Except(actual).Select(r => $"src/{name} no longer references src/{r}: update the arrow in this test and docs/architecture.md"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SrcProjects_OnDisk_AreTheProjectsOfTheLayering()
    {
        var onDisk = SrcProjects().Select(p => Path.GetFileName(Path.GetDirectoryName(p))!).Order(StringComparer.Ordinal).ToList();

        var unknown = onDisk.Except(s_allowed.Keys).ToList();
        Assert.True(unknown.Count == 0, $"src/{string.Join(", src/", unknown)} has no place in the layering: add its arrows to this test and docs/architecture.md");
        Assert.Equal(s_allowed.Keys.Order(StringComparer.Ordinal), onDisk);
    }

    [Fact]
    public void DomainProject_Packages_OnlyProtobuf()
    {
        XDocument domain = XDocument.Load(Path.Combine(SrcDirectory(), "Domain", "EsCni.Domain.csproj"));
        var packages = domain.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToList();

        // Grpc.Tools only generates the protobuf classes at build time (PrivateAssets="All").
        var unexpected = packages.Except(["Google.Protobuf", "Grpc.Tools"]).ToList();
        Assert.True(unexpected.Count == 0, $"src/Domain is pure (no I/O, clock or logging) and may use only Google.Protobuf, but references {string.Join(", ", unexpected)}");
    }

    private static IEnumerable<string> References(string project) =>
        XDocument.Load(project).Descendants("ProjectReference")
            .Select(r => (string)r.Attribute("Include")!)
            .Select(path => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, path.Replace('\\', '/'))))
            .Select(path => Path.GetRelativePath(SrcDirectory(), Path.GetDirectoryName(path)!));

    private static IEnumerable<string> SrcProjects() =>
        Directory.EnumerateDirectories(SrcDirectory()).SelectMany(d => Directory.EnumerateFiles(d, "*.csproj"));

    private static string SrcDirectory() => Path.Combine(GoldenJournal.RepositoryRoot(), "src");
}
