using System.Text.Json;

namespace EsCni.Integration.Deploy;

/// <summary>docker-compose.yml: accepted by Debian's docker-compose, and consistent with the Dockerfile and the simulator.</summary>
public sealed class DockerComposeTests
{
    private const string Connection = "Host=postgres;Database=escni;Username=escni;Password=escni";

    private static readonly ComposeFile s_compose = ComposeFile.Load();

    [DeployFact(DeployRequirement.DockerCompose)]
    public void Config_RepositoryFile_IsAccepted()
    {
        (int exitCode, string stderr) = DockerCompose.Validate(DeployFiles.Compose);
        Assert.True(exitCode == 0, $"docker-compose config rejected docker-compose.yml (exit {exitCode}): {stderr}");
    }

    [DeployFact(DeployRequirement.DockerCompose)]
    public void Config_UnknownKey_IsRejected()
    {
        // Shows that `config` validates the schema, so the test above can fail.
        DirectoryInfo work = Directory.CreateTempSubdirectory("escni-deploy-");
        try
        {
            string broken = Path.Combine(work.FullName, "docker-compose.yml");
            File.WriteAllText(broken, DeployFiles.Read(DeployFiles.Compose).Replace("    mac_address:", "    mac_adress:", StringComparison.Ordinal));

            (int exitCode, string stderr) = DockerCompose.Validate(broken);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("mac_adress", stderr, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Services_AreTheLocalStack()
    {
        Assert.Equal(new[] { "ec2sim", "ipamd", "migrate", "postgres", "projections" }, s_compose.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("postgres:15", ComposeFile.Scalar(s_compose.Services["postgres"], "image"));
    }

    [Fact]
    public void Build_Targets_AreStagesOfTheDockerfile()
    {
        DockerfileModel dockerfile = DockerfileModel.Parse(DeployFiles.Read(DeployFiles.Dockerfile));
        var built = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, Dictionary<object, object> service) in s_compose.Services.Where(s => s.Value.ContainsKey("build")))
        {
            Dictionary<object, object> build = ComposeFile.Map(service, "build");
            Assert.Equal(".", ComposeFile.Scalar(build, "context"));
            Assert.Equal("deploy/Dockerfile", ComposeFile.Scalar(build, "dockerfile"));
            string target = ComposeFile.Scalar(build, "target");
            Assert.Equal(target, dockerfile.Stage(target).Name);
            built[ComposeFile.Scalar(service, "image")] = name;
        }

        Assert.Equal(new[] { "escni-ec2sim:0.2.0", "escni:0.2.0" }, built.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, Dictionary<object, object> service) in s_compose.Services.Where(s => s.Key != "postgres"))
        {
            Assert.True(built.ContainsKey(ComposeFile.Scalar(service, "image")), $"service {name} uses an image no service builds");
        }
    }

    [Fact]
    public void Ec2Sim_NetworkIdentity_IsTheScenariosPrimaryEni()
    {
        // The daemon finds its primary ENI by MAC; the container it shares must look like the simulated instance.
        using JsonDocument scenario = JsonDocument.Parse(DeployFiles.Read(DeployFiles.Ec2SimDefaultScenario), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        JsonElement primary = scenario.RootElement.GetProperty("instance").GetProperty("primaryEni");
        Dictionary<object, object> sim = s_compose.Services["ec2sim"];

        Assert.Equal(primary.GetProperty("mac").GetString(), ComposeFile.Scalar(sim, "mac_address"));
        Assert.Equal(primary.GetProperty("primaryIp").GetString(), ComposeFile.Scalar(ComposeFile.Map(ComposeFile.Map(sim, "networks"), "vpc"), "ipv4_address"));
        Dictionary<object, object> subnet = (Dictionary<object, object>)((List<object>)ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(s_compose.Root, "networks"), "vpc"), "ipam")["config"])[0];
        Assert.Equal(scenario.RootElement.GetProperty("subnets")[0].GetProperty("cidrBlock").GetString(), ComposeFile.Scalar(subnet, "subnet"));
    }

    [Fact]
    public void Ipamd_ReachesTheSimulatorInItsNetworkNamespace()
    {
        Dictionary<object, object> ipamd = s_compose.Services["ipamd"];
        Dictionary<object, object> environment = ComposeFile.Map(ipamd, "environment");
        IReadOnlyList<string> simCommand = ComposeFile.List(s_compose.Services["ec2sim"], "command");
        string port = simCommand[simCommand.ToList().IndexOf("--port") + 1];

        Assert.Equal("service:ec2sim", ComposeFile.Scalar(ipamd, "network_mode"));
        Assert.Equal($"http://127.0.0.1:{port}/", ComposeFile.Scalar(environment, "AWS_EC2_ENDPOINT"));
        // The SDK's credential provider appends /latest/... verbatim: a trailing slash breaks it silently.
        Assert.Equal($"http://127.0.0.1:{port}", ComposeFile.Scalar(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT"));
        Assert.Equal(new[] { "NET_ADMIN", "NET_RAW" }, ComposeFile.List(ipamd, "cap_add"));
    }

    [Fact]
    public void Ipamd_Environment_OnlyVariablesTheDaemonReads()
    {
        IReadOnlySet<string> read = DeployFiles.DaemonVariables();
        IEnumerable<string> unknown = ComposeFile.Map(s_compose.Services["ipamd"], "environment").Keys.Cast<string>()
            .Where(k => !read.Contains(k));
        Assert.Empty(unknown);
    }

    [Fact]
    public void Store_EveryClient_UsesThePostgresServicesCredentials()
    {
        Dictionary<object, object> postgres = ComposeFile.Map(s_compose.Services["postgres"], "environment");
        Assert.Equal(Connection, $"Host=postgres;Database={postgres["POSTGRES_DB"]};Username={postgres["POSTGRES_USER"]};Password={postgres["POSTGRES_PASSWORD"]}");

        Assert.Equal(new[] { "escni-ipamd", "projections", "migrate" }, ComposeFile.List(s_compose.Services["migrate"], "command"));
        Assert.Equal(new[] { "escni-ipamd", "projections", "run" }, ComposeFile.List(s_compose.Services["projections"], "command"));
        foreach (string client in new[] { "migrate", "projections", "ipamd" })
        {
            Assert.Equal(Connection, ComposeFile.Scalar(ComposeFile.Map(s_compose.Services[client], "environment"), "ESCNI_POSTGRES"));
        }
    }
}
