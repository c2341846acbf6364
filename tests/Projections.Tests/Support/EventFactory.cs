using System;
using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Projections.Tests.Support;

/// <summary>Hand-made events for projection unit tests that need no journal.</summary>
internal static class EventFactory
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public static Ipv4Address Ip(string text) => Ipv4Address.Parse(text);

    public static IpamKey Key(int n) => new("aws-cni", $"container-{n}", "eth0");

    public static Pod Pod(int n) => new("default", $"web-{n}", $"uid-{n}");

    public static Cause Cni(string? request = null) => new(CauseKind.CniRequest, request);

    public static IpAllocated Allocated(double seconds, string ip, int pod, string eni = "eni-a") =>
        new(Guid.NewGuid(), At(seconds), Cni($"add-{pod}"), Ip(ip), eni, Key(pod), Pod(pod), $"/var/run/netns/{pod}");

    public static IpReleased Released(double seconds, string ip, int pod, ReleaseReason reason = ReleaseReason.CniDel) =>
        new(Guid.NewGuid(), At(seconds), Cni(), Ip(ip), Key(pod), reason);
}
