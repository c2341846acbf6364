using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>Prefix delegation through the real SDK against the simulator: create with Ipv4PrefixCount, assign by count, unassign by prefix.</summary>
public sealed class Ec2ApiPrefixTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private SimulatedCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await SimulatedCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Prefixes_CreateWithOneAssignTwoUnassignOne_EachStepVisibleInEc2()
    {
        var request = new CreateEniRequest("escni-test-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0) { Ipv4PrefixCount = 1 };
        EniDescription eni = (await _cloud.Ec2.CreateEniAsync(request, s_none)).Value;

        IReadOnlyList<IPNetwork> assigned = (await _cloud.Ec2.AssignPrefixesAsync(eni.EniId, 2, s_none)).Value;
        await _cloud.Ec2.UnassignPrefixesAsync(eni.EniId, [assigned[0]], s_none);

        Assert.Single(eni.Ipv4Prefixes);
        Assert.Equal(2, assigned.Count);
        Assert.All(eni.Ipv4Prefixes.Concat(assigned), p => Assert.True(p.PrefixLength == 28 && IPNetwork.Parse("10.10.0.0/20").Contains(p.BaseAddress), p.ToString()));
        Assert.Equal(new[] { eni.Ipv4Prefixes[0], assigned[1] }.Select(p => p.ToString()).Order(), _cloud.Simulator.FindEni(eni.EniId)!.Ipv4Prefixes.Order());
    }
}
