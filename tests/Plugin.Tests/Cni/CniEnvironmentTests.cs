extern alias plugin;

using System.Collections.Generic;
using plugin::EsCni.Plugin.Cni;

namespace EsCni.Plugin.Tests.Cni;

/// <summary>CNI_* parsing and validation (pure logic).</summary>
public sealed class CniEnvironmentTests
{
    [Fact]
    public void ParseArgs_ContainerdStyle_ReadsPairsAndToleratesUnknownKeys()
    {
        IReadOnlyDictionary<string, string> args = CniEnvironment.ParseArgs(
            "IgnoreUnknown=1;K8S_POD_NAMESPACE=kube-system;K8S_POD_NAME=coredns-5d78c9869d-abcde;K8S_POD_INFRA_CONTAINER_ID=abc;K8S_POD_UID=u=1");

        Assert.Equal("kube-system", args["K8S_POD_NAMESPACE"]);
        Assert.Equal("coredns-5d78c9869d-abcde", args["K8S_POD_NAME"]);
        Assert.Equal("u=1", args["K8S_POD_UID"]);
    }

    [Theory]
    [InlineData("K8S_POD_NAME")]
    [InlineData("=value")]
    public void ParseArgs_PairWithoutKeyOrEquals_InvalidEnvironment(string text)
    {
        CniException error = Assert.Throws<CniException>(() => CniEnvironment.ParseArgs(text));
        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
    }

    [Theory]
    [InlineData(null, "CNI_COMMAND is not set; set it to ADD, DEL, CHECK, STATUS, GC or VERSION")]
    [InlineData("", "CNI_COMMAND is not set; set it to ADD, DEL, CHECK, STATUS, GC or VERSION")]
    [InlineData("add", "CNI_COMMAND 'add' is not a CNI verb; use ADD, DEL, CHECK, STATUS, GC or VERSION")] // the spec's spelling only
    [InlineData("UPDATE", "CNI_COMMAND 'UPDATE' is not a CNI verb; use ADD, DEL, CHECK, STATUS, GC or VERSION")]
    public void ReadCommand_NotAVerb_InvalidEnvironmentNamingTheVerbs(string? verb, string message)
    {
        CniException error = Assert.Throws<CniException>(() => CniEnvironment.ReadCommand(name => name == "CNI_COMMAND" ? verb : null));
        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("abcdefghijklmno", true)]
    [InlineData("abcdefghijklmnop", false)]
    [InlineData("eth 0", false)]
    [InlineData("eth:0", false)]
    [InlineData(".", false)]
    public void Read_IfName_ValidatedLikeTheKernel(string ifName, bool valid)
    {
        var env = new Dictionary<string, string?>
        {
            ["CNI_CONTAINERID"] = "abc",
            ["CNI_NETNS"] = "/run/netns/x",
            ["CNI_IFNAME"] = ifName,
        };

        if (valid)
        {
            Assert.Equal(ifName, CniEnvironment.Read(CniCommand.Add, k => env.GetValueOrDefault(k)).IfName);
        }
        else
        {
            Assert.Equal(CniErrorCode.InvalidEnvironment,
                Assert.Throws<CniException>(() => CniEnvironment.Read(CniCommand.Add, k => env.GetValueOrDefault(k))).Code);
        }
    }

    [Fact]
    public void Read_DelWithoutNetns_Accepted()
    {
        var env = new Dictionary<string, string?> { ["CNI_CONTAINERID"] = "abc", ["CNI_IFNAME"] = "eth0" };

        CniEnvironment parsed = CniEnvironment.Read(CniCommand.Del, k => env.GetValueOrDefault(k));

        Assert.Equal("", parsed.Netns);
    }
}
