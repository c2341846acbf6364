using System;
using System.IO;
using System.Linq;
using EsCni.Ec2Sim.Faults;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.Tests.Model;

/// <summary>Scenario files: the example matches the built-in default, bad ones are refused with every problem named.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public void Load_DefaultJson_EqualsBuiltInDefault()
    {
        Scenario loaded = Scenario.Load(RepoFile("tests", "Ec2Sim", "scenarios", "default.json"));

        Assert.Equal(Scenario.Default.ToJson(), loaded.ToJson());
    }

    [Fact]
    public void Load_MisspeltKey_ThrowsNamingIt()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "subnetz": [] }""");

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => Scenario.Load(path));

            Assert.Contains("subnetz", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Simulator_InvalidScenario_ReportsEveryProblem()
    {
        Scenario scenario = Scenario.Default with
        {
            Subnets = [new ScenarioSubnet { CidrBlock = "192.168.0.0/24" }],
            Instance = new ScenarioInstance { InstanceType = "z9.huge" },
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new Simulator(scenario, new FaultSettings(), TimeProvider.System));

        Assert.Contains("outside the VPC", e.Message, StringComparison.Ordinal);
        Assert.Contains("'z9.huge' is unknown", e.Message, StringComparison.Ordinal);
        Assert.Contains("10.10.0.10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_ExtraAndAvailableEnis_BuiltAttachedAndDetached()
    {
        Scenario scenario = Scenario.Default with
        {
            Instance = new ScenarioInstance { ExtraEnis = [new ScenarioEni { DeviceIndex = 1, SecondaryIps = ["10.10.1.5"], Ipv4Prefixes = ["10.10.2.0/28"] }] },
            AvailableEnis = [new ScenarioEni { Id = "eni-0leaked0000000001", Description = "aws-K8S-i-0sim00000000000001" }],
        };

        var simulator = new Simulator(scenario, new FaultSettings(), TimeProvider.System);

        Eni extra = simulator.Enis.Values.Single(e => e.Attachment?.DeviceIndex == 1);
        Assert.Equal(EniStatus.InUse, extra.Status);
        Assert.Equal(["10.10.0.4", "10.10.1.5"], extra.PrivateIps.Select(p => p.Address));
        Assert.Equal("02:00:0a:0a:00:04", extra.MacAddress);
        Assert.Equal(EniStatus.Available, simulator.FindEni("eni-0leaked0000000001")!.Status);
        Assert.Equal(4096 - 5 - 1 - 2 - 16 - 1, simulator.AvailableAddressCounts()["subnet-0sim000000000001"]);
    }

    private static string RepoFile(params string[] parts)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "EsCni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return Path.Combine([dir ?? Environment.GetEnvironmentVariable("ESCNI_REPO_ROOT") ?? ".", .. parts]);
    }
}
