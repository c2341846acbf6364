using EsCni.Integration.Image;

namespace EsCni.Integration.Deploy;

/// <summary>
/// A fact that is skipped, with the reason in the test output, while something outside this repository's tests is
/// missing: the docker-compose binary, or the image under test.
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
            DeployRequirement.Image when ImageUnderTest.Name is null =>
                "ESCNI_IMAGE is not set: build the image with `./scripts/image.sh --local-base` and set ESCNI_IMAGE=localhost/escni:<version> (scripts/test.sh does both)",
            _ => null,
        };
    }
}
