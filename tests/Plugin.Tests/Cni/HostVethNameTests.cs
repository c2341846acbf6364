extern alias plugin;

using plugin::EsCni.Plugin.Wiring;

namespace EsCni.Plugin.Tests.Cni;

/// <summary>The host veth name matches the VPC CNI's formula, so names derived from pods stay the same.</summary>
public sealed class HostVethNameTests
{
    [Fact]
    public void For_PodArgs_IsEniPlusSha1OfNamespaceDotPod()
    {
        // printf 'default.nginx' | sha1sum -> 5d6ef4c5b4e1... (first 11 hex digits kept)
        string expected = "eni" + System.Convert.ToHexStringLower(
            System.Security.Cryptography.SHA1.HashData("default.nginx"u8.ToArray()))[..11];

        Assert.Equal(expected, HostVethName.For("default", "nginx", "ignored"));
        Assert.Equal(14, expected.Length);
    }

    [Fact]
    public void For_NoPodArgs_HashesContainerId()
    {
        Assert.Equal(HostVethName.For("", "", "c1"), HostVethName.For("", "", "c1"));
        Assert.NotEqual(HostVethName.For("", "", "c1"), HostVethName.For("", "", "c2"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(200)]
    public void Sha1_AnyLength_MatchesDotNetSha1(int length)
    {
        byte[] data = new byte[length];
        new System.Random(length).NextBytes(data);
        byte[] ours = new byte[20];

        Sha1.HashData(data, ours);

        Assert.Equal(System.Security.Cryptography.SHA1.HashData(data), ours);
    }
}
