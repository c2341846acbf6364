extern alias plugin;

using System.Collections.Generic;
using System.Net;
using EsCni.Plugin.Tests.Fixtures;
using plugin::EsCni.Plugin.Netlink;
using plugin::EsCni.Plugin.Netns;
using plugin::EsCni.Plugin.Wiring;

namespace EsCni.Plugin.Tests.Wiring;

/// <summary>
/// DEL's host cleanup against a real namespace's route table and rules: everything of the pod IP goes, several
/// from-pod rules included, "already gone" is no error, and nothing of another IP is touched.
/// </summary>
public sealed class DetachHostTests
{
    private static readonly IPAddress PodIp = IPAddress.Parse("10.1.2.3");

    [Fact]
    public void DetachHost_RouteAndRules_AllDeleted()
    {
        using var node = new TestNamespace("detach");
        Shell.Ip("-n", node.Name, "route", "add", "10.1.2.3/32", "dev", "lo");
        Shell.Ip("-n", node.Name, "rule", "add", "to", "10.1.2.3", "lookup", "main", "prio", "512");
        Shell.Ip("-n", node.Name, "rule", "add", "from", "10.1.2.3", "lookup", "2", "prio", "1536");
        // From-rules into other tables as well: DEL deletes from-rules with table 0, which matches any table, until the
        // kernel says there is none left.
        Shell.Ip("-n", node.Name, "rule", "add", "from", "10.1.2.3", "lookup", "3", "prio", "1536");
        Shell.Ip("-n", node.Name, "rule", "add", "from", "10.1.2.3", "lookup", "4", "prio", "1536");
        Shell.Ip("-n", node.Name, "rule", "add", "to", "10.9.9.9", "lookup", "main", "prio", "512"); // another pod's

        List<string> log = Detach(node);

        Assert.Equal(["host cleanup of 10.1.2.3: route deleted, 1 to-pod rule(s) and 3 from-pod rule(s) deleted"], log);
        Assert.DoesNotContain("10.1.2.3", Shell.Ip("-n", node.Name, "rule", "show"));
        Assert.DoesNotContain("10.1.2.3", Shell.Ip("-n", node.Name, "route", "show", "table", "all"));
        Assert.Contains("to 10.9.9.9 lookup main", Shell.Ip("-n", node.Name, "rule", "show"));
    }

    [Fact]
    public void DetachHost_NothingThere_ReportsAlreadyGone()
    {
        using var node = new TestNamespace("detach-gone");

        List<string> log = Detach(node);

        Assert.Equal(["host cleanup of 10.1.2.3: route already gone, 0 to-pod rule(s) and 0 from-pod rule(s) deleted"], log);
    }

    private static List<string> Detach(TestNamespace node)
    {
        using NetworkNamespace target = NetworkNamespace.Open(node.Path);
        using RtnetlinkSocket socket = target.Run(() => RtnetlinkSocket.Open(node.Name));
        var log = new List<string>();
        RoutedVeth.DetachHost(socket, PodIp, log.Add);
        return log;
    }
}
