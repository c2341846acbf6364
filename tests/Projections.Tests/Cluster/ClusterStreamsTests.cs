using EsCni.ClusterStore;

namespace EsCni.Projections.Tests.Cluster;

/// <summary>Stream keys: one per (node, incarnation), parseable back.</summary>
public sealed class ClusterStreamsTests
{
    [Fact]
    public void KeyFor_ThenTryParse_GivesNodeAndIncarnationBack()
    {
        Guid incarnation = Guid.NewGuid();
        string key = ClusterStreams.KeyFor("ip-10-0-1-5.ec2.internal", incarnation);

        Assert.Equal($"escni-node:ip-10-0-1-5.ec2.internal:{incarnation:N}", key);
        Assert.True(ClusterStreams.TryParse(key, out string? node, out Guid parsed));
        Assert.Equal(("ip-10-0-1-5.ec2.internal", incarnation), (node, parsed));
    }

    [Fact]
    public void KeyFor_NodeNameWithColon_IsRefusedWithTheName()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClusterStreams.KeyFor("bad:name", Guid.NewGuid()));
        Assert.Contains("bad:name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-stream")]
    [InlineData("escni-node:node-a:not-a-guid")]
    [InlineData(null)]
    public void TryParse_ForeignKey_ReturnsFalse(string? key) => Assert.False(ClusterStreams.TryParse(key, out _, out _));
}
