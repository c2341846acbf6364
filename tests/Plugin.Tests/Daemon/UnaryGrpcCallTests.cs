extern alias plugin;

using System;
using System.IO;
using System.Net.Sockets;
using EsCni.Plugin.Tests.Fixtures;
using Grpc.Core;
using Xunit;
using plugin::EsCni.Plugin.Daemon;
using V1 = plugin::EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Daemon;

/// <summary>
/// The plugin's own gRPC client (<see cref="UnaryGrpcCall"/>) against the real Grpc.AspNetCore server of
/// <see cref="FakeIpamd"/>: replies, the daemon's errors with their messages and trailers, deadlines, and no daemon.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class UnaryGrpcCallTests(PluginFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Status_DecodesTheServersReply()
    {
        V1.StatusReply reply = UnaryGrpcCall.Invoke(
            fixture.Ipamd.SocketPath, "Status", new V1.StatusRequest { ClientVersion = "test" }, V1.StatusReply.Parser, s_timeout);

        Assert.True(reply.Ready);
        Assert.Equal(fixture.Ipamd.Status.FreeIps, reply.FreeIps);
    }

    [Fact]
    public void AddNetwork_ReturnsTheAllocation()
    {
        string containerId = PluginFixture.NewContainerId();
        V1.AddNetworkReply reply = UnaryGrpcCall.Invoke(fixture.Ipamd.SocketPath, "AddNetwork", AddRequest(containerId), V1.AddNetworkReply.Parser, s_timeout);

        Assert.True(reply.Success);
        Assert.Equal(fixture.Ipamd.Allocations[(PluginFixture.NetworkName, containerId, "eth0")].Ipv4Addr, reply.IpAllocationMetadata[0].Ipv4Addr);
    }

    [Fact]
    public void DaemonError_KeepsCodeMessageAndTrailer()
    {
        string containerId = PluginFixture.NewContainerId();
        const string message = "no free IP: 100% of 29 in use, ünïcode & \"quotes\"";
        fixture.Ipamd.Scripts[containerId] = new FakeIpamd.AddScript(Failure: StatusCode.ResourceExhausted, FailureMessage: message, Rejection: "AtCapacity");

        var e = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(
            fixture.Ipamd.SocketPath, "AddNetwork", AddRequest(containerId), V1.AddNetworkReply.Parser, s_timeout));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal(message, e.Status.Detail);
        Assert.Equal("AtCapacity", e.Trailers.GetValue(DaemonClient.RejectionTrailer));
    }

    [Fact]
    public void LargeRequest_SpansSeveralDataFramesAndIsAnswered()
    {
        // Over 16 KiB, the largest frame a peer must accept before SETTINGS say more: Kestrel refuses one bigger frame.
        string containerId = PluginFixture.NewContainerId();
        V1.AddNetworkRequest request = AddRequest(containerId);
        request.Netns = "/var/run/netns/" + new string('n', 40_000);

        V1.AddNetworkReply reply = UnaryGrpcCall.Invoke(fixture.Ipamd.SocketPath, "AddNetwork", request, V1.AddNetworkReply.Parser, s_timeout);

        Assert.True(reply.Success);
        Assert.Equal(fixture.Ipamd.Allocations[(PluginFixture.NetworkName, containerId, "eth0")].Ipv4Addr, reply.IpAllocationMetadata[0].Ipv4Addr);
    }

    [Fact]
    public void RequestLargerThanOneWindow_IsRefusedBeforeSending()
    {
        V1.AddNetworkRequest request = AddRequest(PluginFixture.NewContainerId());
        request.Netns = new string('n', 70_000);

        var e = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(fixture.Ipamd.SocketPath, "AddNetwork", request, V1.AddNetworkReply.Parser, s_timeout));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("at most 65535", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SlowDaemon_EndsInDeadlineExceeded()
    {
        string containerId = PluginFixture.NewContainerId();
        fixture.Ipamd.Scripts[containerId] = new FakeIpamd.AddScript(Delay: TimeSpan.FromSeconds(30));

        var e = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(
            fixture.Ipamd.SocketPath, "AddNetwork", AddRequest(containerId), V1.AddNetworkReply.Parser, TimeSpan.FromMilliseconds(300)));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
    }

    [Fact]
    public void SilentListener_EndsInDeadlineExceeded()
    {
        // Accepts the connection (the kernel's backlog does) but never speaks HTTP/2: only the client's own timer ends it.
        string path = Path.Combine(Path.GetTempPath(), $"escni-silent-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            var e = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(
                path, "Status", new V1.StatusRequest(), V1.StatusReply.Parser, TimeSpan.FromMilliseconds(200)));

            Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NoSocket_And_NoListener_AreUnavailable()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"escni-missing-{Guid.NewGuid():N}.sock");
        var absent = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(missing, "Status", new V1.StatusRequest(), V1.StatusReply.Parser, s_timeout));
        Assert.Equal(StatusCode.Unavailable, absent.StatusCode);

        // A socket file left by a dead daemon: connect is refused.
        string stale = Path.Combine(Path.GetTempPath(), $"escni-stale-{Guid.NewGuid():N}.sock");
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(stale));
        }

        try
        {
            var refused = Assert.Throws<RpcException>(() => UnaryGrpcCall.Invoke(stale, "Status", new V1.StatusRequest(), V1.StatusReply.Parser, s_timeout));
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        }
        finally
        {
            File.Delete(stale);
        }
    }

    private static V1.AddNetworkRequest AddRequest(string containerId) => new()
    {
        NetworkName = PluginFixture.NetworkName,
        ContainerId = containerId,
        IfName = "eth0",
        Netns = "/var/run/netns/unused",
        ClientVersion = "test",
    };
}
