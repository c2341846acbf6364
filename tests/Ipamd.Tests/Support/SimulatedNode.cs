using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Cloud;
using EsCni.Ipamd.Metrics;
using EsCni.Ipamd.Pool;
using EsCni.Ipamd.Discovery;
using EsCni.Ipamd.Ec2Loop;
using EsCni.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using NodeJournal = EsCni.Journal.Journal;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Support;

/// <summary>
/// What the daemon's background loop works with, without the daemon: the EC2 simulator through the real SDK, a real
/// journal in a temp directory with the pool's single writer over it, and the node's identity as EC2 describes it.
/// </summary>
internal sealed class SimulatedNode : IAsyncDisposable
{
    private readonly string _directory;
    private readonly NodeJournal _journal;

    private SimulatedNode(SimulatedCloud cloud, string directory, NodeJournal journal, DurableNodePool pool, NodeIdentity identity)
    {
        Cloud = cloud;
        _directory = directory;
        _journal = journal;
        Pool = pool;
        Identity = identity;
    }

    public SimulatedCloud Cloud { get; }

    public DurableNodePool Pool { get; }

    public NodeIdentity Identity { get; }

    /// <summary>The journal directory, for read-only verbs that open it beside the running pool.</summary>
    public string JournalDirectory => _directory;

    public PoolCommands Commands => new(Pool, NullLogger.Instance);

    public static IpamdMetrics NewMetrics() => new(new CollectorRegistry());

    public static async Task<SimulatedNode> StartAsync(Ec2Sim.Model.Scenario? scenario = null)
    {
        SimulatedCloud cloud = await SimulatedCloud.StartAsync(scenario: scenario);
        string directory = Directory.CreateTempSubdirectory("escni-node-").FullName;
        NodeJournal journal = await NodeJournal.OpenAsync(directory, new JournalOptions(), CancellationToken.None);
        var pool = new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { });
        InstanceDescription instance = (await cloud.Ec2.DescribeInstanceAsync(CancellationToken.None)).Value;
        InstanceTypeLimits limits = (await cloud.Ec2.DescribeInstanceTypeLimitsAsync(instance.InstanceType, CancellationToken.None)).Value;
        return new SimulatedNode(cloud, directory, journal, pool, new NodeIdentity(instance, limits, []));
    }

    /// <summary>Creates an ENI in EC2 the way the warm pool does (our tags and description); returns it and its ClientToken.</summary>
    public async Task<(EniDescription Eni, string Token)> CreateEniAsync()
    {
        string token = Guid.NewGuid().ToString("N");
        EniDescription eni = (await Cloud.Ec2.CreateEniAsync(new CreateEniRequest(token, SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), CancellationToken.None)).Value;
        return (eni, token);
    }

    /// <summary>Submits a command the test needs accepted.</summary>
    public async Task SubmitAsync(PoolCommand command)
    {
        Decision decision = await Pool.SubmitAsync(command, CancellationToken.None);
        Assert.True(decision.Accepted, decision.ToString());
    }

    /// <summary>Every event in the journal, decoded.</summary>
    public List<DomainEvent> ReadEvents() => JournalEvents.ReadAll(_directory);

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
        await _journal.DisposeAsync();
        await Cloud.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
