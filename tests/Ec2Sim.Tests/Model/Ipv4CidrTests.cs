using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.Tests.Model;

/// <summary>CIDR parsing and containment.</summary>
public sealed class Ipv4CidrTests
{
    [Fact]
    public void Parse_HostBitsSet_MasksToNetwork()
    {
        Ipv4Cidr cidr = Ipv4Cidr.Parse("10.10.3.7/20");

        Assert.Equal("10.10.0.0/20", cidr.ToString());
        Assert.Equal(4096, cidr.Size);
        Assert.Equal("10.10.15.255", Ipv4Cidr.FormatAddress(cidr.Last));
    }

    [Theory]
    [InlineData("10.10.0.0")]
    [InlineData("10.10.0.0/33")]
    [InlineData("10.10/16")]
    [InlineData("fe80::/64")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _));
    }

    [Fact]
    public void Contains_InnerAndOuterBlocks_Distinguished()
    {
        Ipv4Cidr vpc = Ipv4Cidr.Parse("10.10.0.0/16");

        Assert.True(vpc.Contains(Ipv4Cidr.Parse("10.10.16.0/20")));
        Assert.False(vpc.Contains(Ipv4Cidr.Parse("10.11.0.0/20")));
        Assert.False(Ipv4Cidr.Parse("10.10.0.0/20").Contains(vpc));
    }
}
