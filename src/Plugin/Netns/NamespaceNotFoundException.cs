namespace EsCni.Plugin.Netns;

/// <summary>The network namespace path does not exist (deleted already, or never created).</summary>
internal sealed class NamespaceNotFoundException : Exception
{
    public NamespaceNotFoundException(string path)
        : base($"network namespace '{path}' does not exist")
    {
        Path = path;
    }

    public string Path { get; }
}
