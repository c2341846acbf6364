extern alias plugin;

using System.Text;
using System.Text.Json;
using plugin::EsCni.Plugin.Cni;

namespace EsCni.Plugin.Tests.Cni;

/// <summary>The hand-written result writer prints byte for byte what the source-generated serializer prints.</summary>
public sealed class CniResultJsonTests
{
    public static TheoryData<string> Results => ["ipv4", "ipv6 with egress", "dns and odd text", "controls and non-ASCII", "empty"];

    [Theory]
    [MemberData(nameof(Results))]
    public void Write_MatchesTheSerializer(string which)
    {
        CniResult result = Build(which);
        using var written = new MemoryStream();

        CniResultJson.Write(written, result);

        Assert.Equal(JsonSerializer.Serialize(result, CniJsonContext.Output.CniResult), Encoding.UTF8.GetString(written.ToArray()));
    }

    private static CniResult Build(string which) => which switch
    {
        "ipv4" => new CniResult
        {
            CniVersion = "1.1.0",
            Interfaces =
            [
                new CniInterface { Name = "eni0123456789a", Mac = "0a:58:0a:00:00:01", Mtu = 9001 },
                new CniInterface { Name = "eth0", Mac = "0a:58:0a:00:00:02", Mtu = 9001, Sandbox = "/var/run/netns/p" },
            ],
            Ips = [new CniIpConfig { Address = "10.0.3.17/32", Gateway = "169.254.1.1", Interface = 1 }],
            Routes = [new CniRoute { Destination = "0.0.0.0/0", Gateway = "169.254.1.1" }],
        },
        "ipv6 with egress" => new CniResult
        {
            CniVersion = "0.4.0",
            Interfaces =
            [
                new CniInterface { Name = "eni0123456789a", Mac = "0a:58:0a:00:00:01" },
                new CniInterface { Name = "eth0", Mac = "0a:58:0a:00:00:02", Sandbox = "/proc/1/ns/net" },
                new CniInterface { Name = "egress-v4-x", Mac = "0a:58:0a:00:00:03" },
                new CniInterface { Name = "v4if0", Mac = "0a:58:0a:00:00:04", Sandbox = "/proc/1/ns/net" },
            ],
            Ips = [new CniIpConfig { Version = "6", Address = "2001:db8::5/128", Gateway = "fe80::1", Interface = 1 }],
            Routes = [new CniRoute { Destination = "::/0", Gateway = "fe80::1" }],
        },
        "dns and odd text" => new CniResult
        {
            CniVersion = "1.0.0",
            Interfaces = [new CniInterface { Name = "<é \"q\" & \\ \u0001>", Mtu = 0 }],
            Routes = [new CniRoute { Destination = "10.0.0.0/8" }],
            Dns = new CniDns { Nameservers = ["10.0.0.2"], Domain = "cluster.local", Search = [], Options = ["ndots:5"] },
        },
        "controls and non-ASCII" => new CniResult
        {
            CniVersion = "1.1.0",
            Interfaces = [new CniInterface { Name = "\t\n\r\b\f\u007f\u0085 ü ß 中 \u2028 \ud83d\ude00 +'`", Sandbox = "/run/netns/ü" }],
        },
        _ => new CniResult(),
    };
}
