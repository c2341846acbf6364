namespace EsCni.Projections.Enis;

/// <summary>The read model of every ENI the node created, attached, detached or deleted, with times and causes.</summary>
/// <param name="Enis">Lifecycles in order of first appearance.</param>
public sealed record EniInventory(IReadOnlyList<EniLifecycle> Enis)
{
    /// <summary>The lifecycle of an ENI id, or null.</summary>
    public EniLifecycle? Find(string eniId) => Enis.FirstOrDefault(e => e.EniId == eniId);
}
