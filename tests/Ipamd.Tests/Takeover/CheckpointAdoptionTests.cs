using System.Net;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.HostNetwork;
using EsCni.Ipamd.Takeover;
using EsCni.Ipamd.Tests.Support;

namespace EsCni.Ipamd.Tests.Takeover;

/// <summary>Adopting a VPC CNI checkpoint against a real journal: agreeing entries become allocations, the host's disagreement quarantines, the pool's refusal is recorded as drift.</summary>
public sealed class CheckpointAdoptionTests : IAsyncLifetime
{
    private const string Source = "vpc-cni-checkpoint /var/run/aws-node/ipam.json";
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private SimulatedNode _node = null!;

    public async Task InitializeAsync() => _node = await SimulatedNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void HostVethOf_IsTheVpcCniName()
    {
        // python3: "eni" + hashlib.sha1(b"default.web-0").hexdigest()[:11]
        Assert.Equal("eni0d7763386da", CheckpointAdoption.HostVethOf(new Pod("default", "web-0", string.Empty)));
    }

    [Fact]
    public void Parse_ReadsTheVpcCniFormat_AndRefusesAnotherVersion()
    {
        VpcCniCheckpoint checkpoint = VpcCniCheckpoint.Parse(
            """{"version":"vpc-cni-ipam/1","allocations":[{"networkName":"aws-cni","containerID":"abc","ifName":"eth0","ipv4":"10.0.97.30","allocationTimestamp":1690000000000000000,"metadata":{"k8sPodNamespace":"default","k8sPodName":"web-0","interfacesCount":1}}]}""");

        VpcCniCheckpointEntry entry = Assert.Single(checkpoint.Allocations);
        Assert.Equal((new IpamKey("aws-cni", "abc", "eth0"), Ip("10.0.97.30"), "default/web-0"), (entry.Key, entry.Ip, entry.Pod.ToString()));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_690_000_000), entry.AllocatedAt);
        Assert.Equal(checkpoint.Allocations, VpcCniCheckpoint.Parse(checkpoint.ToJson()).Allocations);
        Assert.Throws<FormatException>(() => VpcCniCheckpoint.Parse("""{"version":"vpc-cni-ipam/2","allocations":[]}"""));
        Assert.Throws<FormatException>(() => VpcCniCheckpoint.Parse("""{"version":"vpc-cni-ipam/1","allocations":[{"networkName":"aws-cni","containerID":"abc","ifName":"eth0","ipv4":"nope"}]}"""));
    }

    [Fact]
    public void Parse_ReadsAnIpv6NodesEntries_WhichCarryIpv6AndNoIpv4()
    {
        VpcCniCheckpoint checkpoint = VpcCniCheckpoint.Parse(
            """{"version":"vpc-cni-ipam/1","allocations":[{"networkName":"aws-cni","containerID":"abc","ifName":"eth0","ipv6":"2600:1f14:abc:de01:0:1:0:5","allocationTimestamp":1690000000000000000,"metadata":{"k8sPodNamespace":"default","k8sPodName":"web-0","interfacesCount":1}}]}""");

        VpcCniCheckpointEntry entry = Assert.Single(checkpoint.Allocations);
        Assert.True(entry.IsIpv6);
        Assert.Equal(Ipv6Address.Parse("2600:1f14:abc:de01:0:1:0:5"), entry.Address);
        Assert.DoesNotContain("ipv4", checkpoint.ToJson(), StringComparison.Ordinal);
        Assert.Equal(checkpoint.Allocations, VpcCniCheckpoint.Parse(checkpoint.ToJson()).Allocations);
        Assert.Throws<FormatException>(() => VpcCniCheckpoint.Parse("""{"version":"vpc-cni-ipam/1","allocations":[{"networkName":"aws-cni","containerID":"abc","ifName":"eth0","ipv6":"2600::zz"}]}"""));
    }

    [Fact]
    public void TryRead_NamesThePathAndTheProblem_ForMissingEmptyAndGarbageFiles()
    {
        string dir = Directory.CreateTempSubdirectory("escni-checkpoint-").FullName;
        try
        {
            string missing = Path.Combine(dir, "ipam.json");
            Assert.Null(CheckpointFile.TryRead(missing, out string? whyMissing));
            Assert.Contains($"{missing} does not exist", whyMissing, StringComparison.Ordinal);

            File.WriteAllText(missing, "");
            Assert.Null(CheckpointFile.TryRead(missing, out string? whyEmpty));
            Assert.Contains("is empty", whyEmpty, StringComparison.Ordinal);

            File.WriteAllText(missing, "{not json");
            Assert.Null(CheckpointFile.TryRead(missing, out string? whyGarbage));
            Assert.Contains("cannot be read as a VPC CNI checkpoint", whyGarbage, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task AdoptAsync_AdoptsAgreeingEntries_QuarantinesHostDisagreement_RecordsRefusalsAsDrift()
    {
        await StartNodeAsync("10.10.0.50", "10.10.0.51", "10.10.0.52");
        VpcCniCheckpointEntry good = Entry("c-good", "10.10.0.50", "web-0");
        VpcCniCheckpointEntry noRoute = Entry("c-stale", "10.10.0.51", "web-1");
        VpcCniCheckpointEntry notOurs = Entry("c-far", "10.99.0.9", "web-2");
        string goodVeth = CheckpointAdoption.HostVethOf(good.Pod);
        PodHostState host = new([], [], [new PodHostRoute(IPAddress.Parse("10.10.0.50"), goodVeth)], [new PodVeth(goodVeth, 7, "aa:bb:cc:dd:ee:01", true, PeerNetnsId: 3, PeerIndex: 2)]);

        CheckpointAdoption.Outcome outcome = await new CheckpointAdoption(Source).AdoptAsync(_node.Pool, [good, noRoute, notOurs], host, s_now, CancellationToken.None);

        Assert.Equal(new CheckpointAdoption.Outcome(Adopted: 2, Quarantined: 1, Refused: 1), outcome);
        var allocations = _node.Pool.Read(p => p.GetAllocations()).ToDictionary(a => a.Ip);
        Assert.Null(allocations[Ip("10.10.0.50")].QuarantineEvidence);
        Assert.Equal(good.Key, allocations[Ip("10.10.0.50")].Key);
        Assert.Contains("no /32 route", allocations[Ip("10.10.0.51")].QuarantineEvidence, StringComparison.Ordinal);
        Assert.Contains(_node.Pool.Read(p => p.GetOpenDrifts()), d => d.Subject == "10.99.0.9" && d.EvidenceSays.Contains("no attached ENI", StringComparison.Ordinal));
        Assert.DoesNotContain(Ip("10.10.0.51"), _node.Pool.Read(p => p.GetFreeIps(s_now.AddDays(1))));

        var again = await new CheckpointAdoption(Source).AdoptAsync(_node.Pool, [good], host, s_now, CancellationToken.None);
        Assert.Equal(1, again.Adopted); // the same key on the same IP: accepted, nothing new recorded
        Assert.Equal(2, _node.Pool.Read(p => p.GetAllocations()).Count);
    }

    [Fact]
    public async Task Export_AfterAdoption_WritesTheSameEntries_WithTheVpcCniNetworkName()
    {
        await StartNodeAsync("10.10.0.50", "10.10.0.51");
        VpcCniCheckpointEntry[] entries = [Entry("c-a", "10.10.0.50", "web-0"), Entry("c-b", "10.10.0.51", "web-1")];
        await new CheckpointAdoption(Source).AdoptAsync(_node.Pool, entries, new PodHostState([], [], [], []), s_now, CancellationToken.None);
        // One of EsCni's own pods exported too, under the VPC CNI's network name (its DELs will carry that after the swap back).
        await _node.SubmitAsync(new RecordPoolIpsAdded(s_now, Cause.Of(CauseKind.Reconciler), "eni-1", new ValueList<Ipv4Address>([Ip("10.10.0.52")])));
        await _node.SubmitAsync(new AllocateIp(s_now, Cause.Of(CauseKind.CniRequest), new IpamKey("escni", "c-own", "eth0"), new Pod("default", "own", "u"), "ns"));
        string output = Path.Combine(_node.JournalDirectory, "..", $"ipam-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, Cli.ExportCommand.Run(_node.JournalDirectory, output, TextWriter.Null));

            VpcCniCheckpoint exported = VpcCniCheckpoint.Parse(File.ReadAllText(output));
            Assert.Equal([.. entries, Entry("c-own", "10.10.0.52", "own") with { AllocationTimestampNanos = (s_now - DateTimeOffset.UnixEpoch).Ticks * 100 }], exported.Allocations);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private async Task StartNodeAsync(params string[] ips)
    {
        var limits = _node.Identity.Limits;
        await _node.SubmitAsync(new InitNode(s_now, Cause.Of(CauseKind.Startup), "i-1", "m5.large", "az", new ValueList<string>(["10.10.0.0/16"]), limits.MaxEnis, limits.Ipv4PerEni, "test", TimeSpan.FromSeconds(30)));
        await _node.SubmitAsync(new RecordEniAttached(s_now, Cause.Of(CauseKind.Reconciler), "eni-1", 0, "02:00:00:00:00:01", "subnet-1", "10.10.0.0/20", Ip("10.10.0.10")));
        await _node.SubmitAsync(new RecordPoolIpsAdded(s_now, Cause.Of(CauseKind.Reconciler), "eni-1", new ValueList<Ipv4Address>(ips.Select(Ip).ToArray())));
    }

    private static VpcCniCheckpointEntry Entry(string container, string ip, string pod) =>
        new("aws-cni", container, "eth0", ip, 1_690_000_000_000_000_000, new VpcCniPodMetadata("default", pod, 1));

    private static Ipv4Address Ip(string ip) => Ipv4Address.FromIPAddress(IPAddress.Parse(ip));
}
