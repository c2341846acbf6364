extern alias plugin;

using System.Text;
using System.Text.Json;
using plugin::EsCni.Plugin.Cni;

namespace EsCni.Plugin.Tests.Cni;

/// <summary>
/// The hand-written reader of the usual config answers exactly as the source-generated deserializer does, and
/// declines (so the deserializer decides, with its error) everything else.
/// </summary>
public sealed class NetConfScalarReaderTests
{
    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"escni","type":"escni","ipamdSocket":"/run/x.sock","mtu":9001}""")]
    [InlineData("""{"cniVersion":"1.1.0","name":"n","type":"escni","spoolDir":"/s","delDaemonWaitSeconds":2.5,"logFile":"/l","logLevel":"debug","enableV4Egress":false,"v4EgressDir":"/e"}""")]
    [InlineData("""{"name":"a","name":"b","mtu":1500,"mtu":null,"enableV4Egress":true}""")]
    [InlineData("""{"cniVersion":"0.4.0","Name":"case matters","capabilities":{"portMappings":true},"runtimeConfig":{"x":[1,{"y":null}]},"args":{}}""")]
    [InlineData("""{"name":"caf\u00e9 \"q\"","logLevel":null,"mtu":-3,"delDaemonWaitSeconds":1e2}""")]
    [InlineData(" \n{ } \n")]
    public void UsualConfig_ReadsAsTheDeserializer(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        NetConf? fast = NetConfScalarReader.TryRead(bytes);

        Assert.NotNull(fast);
        NetConf expected = JsonSerializer.Deserialize(bytes, CniJsonContext.Default.NetConf)!;
        Assert.Equal(JsonSerializer.Serialize(expected, CniJsonContext.Default.NetConf), JsonSerializer.Serialize(fast, CniJsonContext.Default.NetConf));
    }

    [Theory]
    [InlineData("""{"name":"n","prevResult":{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.5/32"}]}}""")]
    [InlineData("""{"name":"n","cni.dev/valid-attachments":[{"containerID":"c","ifname":"eth0"}]}""")]
    [InlineData("""{"name":"n","mtu":"9001"}""")]
    [InlineData("""{"name":"n","mtu":9001.5}""")]
    [InlineData("""{"name":7}""")]
    [InlineData("""{"enableV4Egress":"yes"}""")]
    [InlineData("""{"name":"n"} trailing""")]
    [InlineData("""{"name":"n",}""")]
    [InlineData("""{"name":"n" /* comment */}""")]
    [InlineData("""{"name":"n\""")]
    [InlineData("""["not", "an", "object"]""")]
    [InlineData("null")]
    public void OtherInput_IsLeftToTheDeserializer(string json)
    {
        Assert.Null(NetConfScalarReader.TryRead(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Decode_NumberAsString_StillAcceptedByTheDeserializer()
    {
        // The context allows reading numbers from strings; the fast path declines, the fallback keeps that behaviour.
        Assert.Equal(9001, NetConfReader.Decode("""{"name":"n","mtu":"9001"}"""u8).Mtu);
    }

    [Fact]
    public void Decode_WrongType_IsTheDeserializersErrorWithItsPath()
    {
        CniException error = Assert.Throws<CniException>(() => NetConfReader.Decode("""{"name":"n","mtu":true}"""u8));

        Assert.Equal(CniErrorCode.DecodingFailure, error.Code);
        Assert.Contains("$.mtu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InvalidUtf8_IsADecodingFailure()
    {
        byte[] json = [.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Null(NetConfScalarReader.TryRead(json));
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => NetConfReader.Decode(json)).Code);
    }
}
