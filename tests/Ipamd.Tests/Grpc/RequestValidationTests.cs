using EsCni.Ipamd.Grpc;
using Grpc.Core;

namespace EsCni.Ipamd.Tests.Grpc;

/// <summary>Malformed CNI requests are refused with InvalidArgument naming the field, before they reach the journal.</summary>
public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("", "c1", "eth0", "network_name")]
    [InlineData("escni", "", "eth0", "container_id")]
    [InlineData("escni", "c1", "", "if_name")]
    [InlineData("escni", "c1", "this-name-is-too-long", "if_name")]
    [InlineData("escni", "c1", "../etc", "if_name")]
    [InlineData("escni", "c1", "..", "if_name")]
    [InlineData("escni", "c1", "eth 0", "if_name")]
    public void Key_BadField_InvalidArgumentNamingIt(string network, string container, string ifName, string field)
    {
        RpcException error = Assert.Throws<RpcException>(() => RequestValidation.Key(network, container, ifName));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_HugeContainerId_Refused()
    {
        RpcException error = Assert.Throws<RpcException>(() => RequestValidation.Key("escni", new string('a', 100_000), "eth0"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.True(error.Status.Detail.Length < 400, "the message quotes a shortened value, not 100 kB");
    }

    [Fact]
    public void Netns_WithNul_Refused()
    {
        RpcException error = Assert.Throws<RpcException>(() => RequestValidation.Netns("/var/run/netns/x\0/../../etc/passwd"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void Key_Valid_Accepted()
    {
        var key = RequestValidation.Key("escni", "0123456789abcdef", "eth0");

        Assert.Equal("escni/0123456789abcdef/eth0", key.ToString());
    }
}
