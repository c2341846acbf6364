namespace EsCni.Integration.Support;

/// <summary>Node stacks use fixed introspection/metrics ports inside their own namespaces, but share the machine's
/// two cores: run them one at a time.</summary>
[CollectionDefinition(nameof(NodeCollection), DisableParallelization = true)]
public sealed class NodeCollection
{
}
