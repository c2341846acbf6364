using System.Text.Json;
using EsCni.Ipamd.Takeover;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Takeover;

/// <summary>
/// `export vpc-cni-checkpoint` on an IPv6 node: handing the node back to the VPC CNI keeps its IPv6 pods. Read from the
/// v0.2/ipv6 golden journal (written by a real IPv6 daemon) against what that daemon listed.
/// </summary>
public sealed class CheckpointExportIpv6Tests
{
    [Fact]
    public void Export_Ipv6GoldenJournal_WritesEveryIpv6PodAsAnIpv6Entry()
    {
        GoldenJournal golden = GoldenJournal.Get("v0.2/ipv6");
        string copy = golden.CopyJournal();
        try
        {
            using var stdout = new StringWriter();
            Assert.Equal(0, Cli.ExportCommand.Run(copy, output: null, stdout));

            VpcCniCheckpoint exported = VpcCniCheckpoint.Parse(stdout.ToString());
            using (JsonDocument file = JsonDocument.Parse(stdout.ToString()))
            {
                // Exactly the fields of the VPC CNI's CheckpointEntry (datastore/checkpoint.go), no derived ones.
                Assert.All(file.RootElement.GetProperty("allocations").EnumerateArray(), e => Assert.Equal(
                    ["allocationTimestamp", "containerID", "ifName", "ipv6", "metadata", "networkName"],
                    e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
            }

            using JsonDocument live = JsonDocument.Parse(File.ReadAllText(golden.PathOf("live/pods.json")));
            string[] expected = [.. live.RootElement.EnumerateArray()
                .Select(p => $"{p.GetProperty("containerId").GetString()} {p.GetProperty("ifName").GetString()} {p.GetProperty("ip").GetString()} {p.GetProperty("podNamespace").GetString()}/{p.GetProperty("podName").GetString()}")
                .Order(StringComparer.Ordinal)];
            Assert.NotEmpty(expected);
            Assert.All(exported.Allocations, e => Assert.True(e.IsIpv6 && e.Ipv4 is null && e.NetworkName == VpcCniCheckpoint.NetworkName, e.ToString()));
            Assert.Equal(expected, exported.Allocations.Select(e => $"{e.ContainerId} {e.IfName} {e.Ipv6} {e.Pod.Namespace}/{e.Pod.Name}").Order(StringComparer.Ordinal));
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }
}
