using System;
using System.Collections.Generic;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>A live pool plus its journal: decides commands, records accepted events with contiguous LSNs and applies them, as the daemon does.</summary>
internal sealed class PoolScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);

    public NodePool Pool { get; } = new();

    public List<RecordedEvent> Journal { get; } = [];

    public DateTimeOffset Now { get; set; } = T0;

    public static Cause Cni { get; } = Cause.Of(CauseKind.CniRequest);

    public static PoolScenario Started(int enis = 1, int ipsPerEni = 10, int ipsAdded = 9, int maxEnis = 3)
    {
        PoolScenario s = new();
        s.Must(new InitNode(s.Now, Cause.Of(CauseKind.Startup), "i-0abc", "m5.large", "eu-west-1a", new ValueList<string>(["10.0.0.0/16"]), maxEnis, ipsPerEni, "test", Cooldown));
        for (int device = 0; device < enis; device++)
        {
            s.AttachEni(device);
            if (ipsAdded > 0)
            {
                s.Must(new RecordPoolIpsAdded(s.Now, Cni, EniId(device), IpsOf(device, ipsAdded)));
            }
        }

        return s;
    }

    public static string EniId(int device) => $"eni-{device}";

    public static Ipv4Address Ip(int device, int host) => new((10u << 24) | ((uint)device << 8) | (uint)host);

    /// <summary>Prefix k of a device: 10.0.&lt;device&gt;.&lt;16k&gt;/28 (k = 0 overlaps the secondary IPs 1..9; the primary is .200, in k = 12).</summary>
    public static Ipv4Prefix Prefix(int device, int k) => new(Ip(device, 16 * k));

    public static ValueList<Ipv4Address> IpsOf(int device, int count)
    {
        List<Ipv4Address> ips = [];
        for (int host = 1; host <= count; host++)
        {
            ips.Add(Ip(device, host));
        }

        return new ValueList<Ipv4Address>(ips);
    }

    public static IpamKey Key(int n) => new("escni", $"container-{n}", "eth0");

    public static Pod PodOf(int n) => new("default", $"pod-{n}", $"uid-{n}");

    public void AttachEni(int device) =>
        Must(new RecordEniAttached(Now, Cni, EniId(device), device, $"02:00:00:00:00:0{device}", "subnet-1", "10.0.0.0/16", Ip(device, 200)));

    public Decision Execute(PoolCommand command)
    {
        Decision decision = Pool.Decide(command);
        foreach (DomainEvent e in decision.Events)
        {
            RecordedEvent recorded = new(Journal.Count + 1, e);
            Journal.Add(recorded);
            Pool.Apply(recorded);
        }

        return decision;
    }

    public Decision Must(PoolCommand command)
    {
        Decision decision = Execute(command);
        Assert.True(decision.Accepted, decision.ToString());
        return decision;
    }

    public Allocation Allocate(int key) => Must(new AllocateIp(Now, Cni, Key(key), PodOf(key), $"/var/run/netns/{key}")).Allocation!;

    public Decision Release(int key) => Must(new ReleaseIpByKey(Now, Cni, Key(key), ReleaseReason.CniDel));
}
