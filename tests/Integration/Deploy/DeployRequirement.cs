namespace EsCni.Integration.Deploy;

/// <summary>What a <see cref="DeployFactAttribute"/> test needs before it can run.</summary>
public enum DeployRequirement
{
    /// <summary>Debian's docker-compose on PATH.</summary>
    DockerCompose,

    /// <summary>An image built by ./scripts/image.sh, named by ESCNI_IMAGE (scripts/test.sh builds it and sets it).</summary>
    Image,
}
