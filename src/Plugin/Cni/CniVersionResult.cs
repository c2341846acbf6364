namespace EsCni.Plugin.Cni;

/// <summary>What VERSION prints.</summary>
internal sealed class CniVersionResult
{
    public string? CniVersion { get; set; }

    public string[]? SupportedVersions { get; set; }
}
