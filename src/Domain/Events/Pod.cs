namespace EsCni.Domain.Events;

/// <summary>The Kubernetes pod an allocation was made for.</summary>
/// <param name="Namespace">The pod namespace.</param>
/// <param name="Name">The pod name.</param>
/// <param name="Uid">The pod UID; may be empty when the runtime did not pass it.</param>
public sealed record Pod(string Namespace, string Name, string Uid)
{
    /// <summary>"namespace/name", for messages.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
