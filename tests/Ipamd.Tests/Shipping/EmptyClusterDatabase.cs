using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Shipping;

/// <summary>An empty database for <see cref="ProjectionsCommandTests"/>: the test migrates it itself.</summary>
public sealed class EmptyClusterDatabase : ClusterTestDatabase
{
    protected override bool ApplySchema => false;
}
