namespace EsCni.Integration.Deploy;

/// <summary>
/// A fact that is skipped, with the reason in the test output, while something outside this repository's tests is
/// missing: the docker-compose binary, or a verb another issue is still building.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DeployFactAttribute : FactAttribute
{
    public DeployFactAttribute(DeployRequirement requirement)
    {
        Skip = requirement switch
        {
            DeployRequirement.DockerCompose when DockerCompose.Path is null =>
                "docker-compose is not installed: `apt-get install docker-compose` (scripts/test.sh should install it)",
            DeployRequirement.ProjectionsVerb when !Directory.Exists(Path.Combine(DeployFiles.Root, "src", "Ipamd", "Cli", "Projections")) =>
                "src/Ipamd/Cli/Projections does not exist yet (issue 8): `escni-ipamd projections` cannot be checked",
            _ => null,
        };
    }
}
