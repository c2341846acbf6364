using System.Text.RegularExpressions;
using System.Xml.Linq;
using k8s.Models;

namespace EsCni.Integration.Deploy;

/// <summary>
/// deploy/Dockerfile, checked without a Docker daemon: its stages, that every file it copies exists, that it builds with
/// DESIGN.md §2.1's publish commands from a context holding everything those projects need, and that the image provides
/// every command the manifests run.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly DockerfileModel s_dockerfile = DockerfileModel.Parse(DeployFiles.Read(DeployFiles.Dockerfile));

    [Fact]
    public void Stages_BuildSimulatorAndNodeImage_NodeImageLast()
    {
        Assert.Equal(new[] { "build", "ec2sim", "escni" }, s_dockerfile.Stages.Select(s => s.Name));
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", s_dockerfile.Stage("build").BaseImage);

        // The simulator is framework-dependent (ASP.NET Core) and needs the aspnet shared framework; the node image shares
        // that base (the daemon is self-contained and brings its own trimmed runtime).
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", s_dockerfile.Stage("ec2sim").BaseImage);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", s_dockerfile.Stage("escni").BaseImage);
    }

    [Fact]
    public void Bases_AreBuildArguments_SoScriptsImageShLocalBaseCanReplaceThem()
    {
        // scripts/image.sh --local-base passes RUNTIME_IMAGE and replaces the stage named "build" (--build-context).
        Assert.Equal("${SDK_IMAGE}", s_dockerfile.Stage("build").BaseImageAsWritten);
        Assert.Equal("${RUNTIME_IMAGE}", s_dockerfile.Stage("ec2sim").BaseImageAsWritten);
        Assert.Equal("${RUNTIME_IMAGE}", s_dockerfile.Stage("escni").BaseImageAsWritten);
        string script = DeployFiles.Read(Path.Combine(DeployFiles.Root, "scripts", "image.sh"));
        Assert.Contains("--build-arg \"RUNTIME_IMAGE=", script, StringComparison.Ordinal);
        Assert.Contains("--build-context \"build=", script, StringComparison.Ordinal);
        Assert.Equal(new[] { "RUNTIME_IMAGE", "SDK_IMAGE" }, s_dockerfile.GlobalArguments.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BuildStage_Publishes_WithExactlyTheDesignCommands()
    {
        DockerfileStage build = s_dockerfile.Stage("build");
        List<string> runs = build.Arguments("RUN").ToList();

        Assert.Contains("dotnet publish src/Ipamd -c Release -o /out/ipamd", runs);
        Assert.Contains("dotnet publish src/Plugin -c Release -r linux-x64 -o /out/plugin", runs);
        string packages = runs.Single(r => r.Contains("apt-get install", StringComparison.Ordinal));
        Assert.Contains(" clang ", packages + " ", StringComparison.Ordinal);
        Assert.Contains(" zlib1g-dev ", packages + " ", StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_FromBuildContext_EverySourceExistsInTheRepository()
    {
        var sources = s_dockerfile.Stages.SelectMany(s => s.Copies()).Where(c => c.From is null).SelectMany(c => c.Sources).ToList();
        Assert.NotEmpty(sources);
        foreach (string source in sources)
        {
            string path = Path.Combine(DeployFiles.Root, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"deploy/Dockerfile copies '{source}', which is not in the repository");
        }
    }

    [Fact]
    public void Copy_FromStage_NamesAnEarlierStageAndOneOfItsOutputs()
    {
        for (int i = 0; i < s_dockerfile.Stages.Count; i++)
        {
            foreach ((string? from, IReadOnlyList<string> sources, _) in s_dockerfile.Stages[i].Copies().Where(c => c.From is not null))
            {
                int producer = s_dockerfile.Stages.ToList().FindIndex(s => s.Name == from);
                Assert.True(producer >= 0 && producer < i, $"stage {s_dockerfile.Stages[i].Name} copies from '{from}', which is not an earlier stage");
                List<string> outputs = s_dockerfile.Stages[producer].Arguments("RUN")
                    .SelectMany(r => PublishOutput().Matches(r).Select(m => m.Groups[1].Value)).ToList();
                Assert.All(sources, s => Assert.True(outputs.Any(o => s == o || s.StartsWith(o + "/", StringComparison.Ordinal)), $"'{s}' is not under a publish output of stage {from} ({string.Join(", ", outputs)})"));
            }
        }
    }

    [Fact]
    public void BuildContext_HoldsEveryProjectAndProtoThePublishedProjectsReference()
    {
        DockerfileStage build = s_dockerfile.Stage("build");
        var copied = build.Copies().Where(c => c.From is null).SelectMany(c => c.Sources).Select(s => s.TrimEnd('/')).ToList();
        IEnumerable<string> published = build.Arguments("RUN")
            .Select(r => PublishProject().Match(r)).Where(m => m.Success).Select(m => m.Groups[1].Value);

        var needed = new SortedSet<string>(StringComparer.Ordinal) { "Directory.Build.props", "Directory.Packages.props", "global.json" };
        foreach (string project in published)
        {
            AddProjectClosure(Directory.EnumerateFiles(Path.Combine(DeployFiles.Root, project), "*.csproj").Single(), needed);
        }

        Assert.Contains("src/Ipamd/EsCni.Ipamd.csproj", needed);
        Assert.Contains("proto/escni/v1/cni_backend.proto", needed);
        Assert.All(needed, path => Assert.True(
            copied.Any(c => path == c || path.StartsWith(c + "/", StringComparison.Ordinal)),
            $"the build needs {path}, but the build stage does not copy it into the context"));
    }

    [Fact]
    public void NodeImage_ProvidesEveryCommandTheManifestsRun()
    {
        DockerfileStage node = s_dockerfile.Stage("escni");
        var onPath = node.Copies().Select(c => c.Destination)
            .Concat(node.Arguments("RUN").SelectMany(r => SymlinkTarget().Matches(r).Select(m => m.Groups[1].Value)))
            .Where(d => d.StartsWith("/usr/local/bin/", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);

        KubernetesManifests manifests = KubernetesManifests.Repository;
        IEnumerable<V1Container> containers = new[] { manifests.DaemonSet.Spec.Template.Spec, manifests.Projections.Spec.Template.Spec }
            .SelectMany(p => p.Containers.Concat(p.InitContainers ?? []));
        foreach (V1Container container in containers)
        {
            Assert.True(onPath.Contains(container.Command[0]), $"container {container.Name} runs '{container.Command[0]}', which the escni image does not put on PATH");
        }

        Assert.Equal("[\"escni-ipamd\", \"run\"]", node.Arguments("CMD").Single());
    }

    [Fact]
    public void NodeImage_PutsPluginAndConflistWhereEscniNodeLooksForThem()
    {
        string script = DeployFiles.Read(DeployFiles.Entrypoint);
        var destinations = s_dockerfile.Stage("escni").Copies().Select(c => c.Destination).ToHashSet(StringComparer.Ordinal);
        foreach (string variable in new[] { "ESCNI_PLUGIN_SRC", "ESCNI_CONFLIST_SRC" })
        {
            Match assignment = Regex.Match(script, variable + @"=\$\{" + variable + @":-([^}]+)\}");
            Assert.True(assignment.Success, $"deploy/entrypoint.sh has no default for {variable}");
            Assert.Contains(assignment.Groups[1].Value, destinations);
        }

        string packages = s_dockerfile.Stage("escni").Arguments("RUN").Single(r => r.Contains("apt-get install", StringComparison.Ordinal)) + " ";
        foreach (string package in new[] { "iproute2", "iptables", "curl" })
        {
            Assert.Contains($" {package} ", packages, StringComparison.Ordinal);
        }
    }

    private static void AddProjectClosure(string csproj, SortedSet<string> needed)
    {
        if (!needed.Add(Path.GetRelativePath(DeployFiles.Root, csproj)))
        {
            return;
        }

        string directory = Path.GetDirectoryName(csproj)!;
        foreach (XElement item in XDocument.Load(csproj).Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Protobuf"))
        {
            string path = Path.GetFullPath(Path.Combine(directory, (string)item.Attribute("Include")!));
            if (item.Name.LocalName == "ProjectReference")
            {
                AddProjectClosure(path, needed);
            }
            else
            {
                needed.Add(Path.GetRelativePath(DeployFiles.Root, path));
            }
        }
    }

    [GeneratedRegex(@"dotnet publish \S+ .*-o (\S+)")]
    private static partial Regex PublishOutput();

    [GeneratedRegex(@"^dotnet publish (\S+) ")]
    private static partial Regex PublishProject();

    [GeneratedRegex(@"ln -s \S+ (\S+)")]
    private static partial Regex SymlinkTarget();
}
