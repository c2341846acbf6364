namespace EsCni.ClusterStore;

/// <summary>One shipped journal incarnation of a node in the cluster store.</summary>
/// <param name="Key">The stream key.</param>
/// <param name="Node">The node name.</param>
/// <param name="Incarnation">The journal incarnation.</param>
/// <param name="Version">Highest LSN shipped.</param>
/// <param name="Created">When the stream was created (its first shipment).</param>
/// <param name="Updated">When it was last appended to.</param>
public sealed record NodeStream(string Key, string Node, Guid Incarnation, long Version, DateTimeOffset Created, DateTimeOffset Updated);
