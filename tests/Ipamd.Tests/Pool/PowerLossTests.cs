using System.Collections.Concurrent;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Journal;
using EsCni.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.Pool;

/// <summary>
/// Power loss under the daemon's pool writer: concurrent ADD/DEL through the real <see cref="DurableNodePool"/> over the
/// journal's fault-injecting file layer, cut at a seeded point (a torn write or a lost fsync/rename), then the state a
/// reboot could find: every acknowledged allocation is still its key's, every acknowledged release is released, the
/// rebuilt pool passes every invariant, and it reopens without help. 500 seeds by default, 10,000 with ESCNI_LONG=1.
/// </summary>
public sealed class PowerLossTests
{
    private const string Directory = "/power/journal";

    private readonly ITestOutputHelper _output;

    public PowerLossTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static int Seeds => Environment.GetEnvironmentVariable("ESCNI_LONG") == "1" ? 10_000 : 500;

    [Fact]
    public async Task PowerCut_AtSeededPoint_AcknowledgedAllocationsAndReleasesSurviveAndInvariantsHold()
    {
        int crashedInside = 0;
        long acknowledged = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            try
            {
                (bool crashed, int acks) = await RunAsync(seed);
                crashedInside += crashed ? 1 : 0;
                acknowledged += acks;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"power-loss seed {seed} failed: {ex.Message}", ex);
            }
        }

        _output.WriteLine($"power cuts: {Seeds} seeds, {crashedInside} inside the workload, {acknowledged} acknowledged operations checked, 0 violations");
        Assert.True(crashedInside > Seeds / 2, $"only {crashedInside} of {Seeds} cuts fell inside the workload");
    }

    private static JournalOptions Options(FaultInjectingFileSystem fs) =>
        new() { SegmentBytes = 8 << 10, MaxBatchBytes = 2048, IdempotencyWindow = 200, FileSystem = fs };

    private static async Task<(bool Crashed, int Acks)> RunAsync(int seed)
    {
        var rng = new Random(seed);
        var fs = new FaultInjectingFileSystem(seed);
        var allocated = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // key -> IP, acknowledged
        var released = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);    // acknowledged DELs
        NodeJournal journal = await NodeJournal.OpenAsync(Directory, Options(fs), CancellationToken.None);
        var pool = new DurableNodePool(journal, new NodePool(), 25, NullLogger.Instance, _ => { });
        try
        {
            await PoolScenario.InitAsync(pool, 40);
            fs.ArmCrash(rng.Next(1, 40)); // group commit makes few file-system steps per run: keep the cut inside the workload
            await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                var local = new Random(seed * 31 + worker);
                for (int i = 0; i < 30; i++)
                {
                    string container = $"w{worker}-{i}";
                    try
                    {
                        Decision added = await pool.SubmitAsync(PoolScenario.Allocate(container, PoolScenario.Start.AddMinutes(10)), CancellationToken.None);
                        if (!added.Accepted)
                        {
                            continue;
                        }

                        allocated[container] = added.Allocation!.Ip.ToString();
                        if (local.Next(2) == 0)
                        {
                            await pool.SubmitAsync(new ReleaseIpByKey(PoolScenario.Start.AddMinutes(10), Cause.Of(CauseKind.CniRequest), KeyOf(container), ReleaseReason.CniDel), CancellationToken.None);
                            released[container] = true;
                        }
                    }
                    catch (PoolUnavailableException)
                    {
                        return; // the power went out: nothing after this was acknowledged
                    }
                }
            })));
        }
        catch (Exception) when (fs.Crashed)
        {
        }
        finally
        {
            try
            {
                await pool.DisposeAsync();
                await journal.DisposeAsync();
            }
            catch (Exception) when (fs.Crashed)
            {
            }
        }

        bool crashed = fs.Crashed;
        FaultInjectingFileSystem after = fs.AfterCrash();
        await using NodeJournal reopened = await NodeJournal.OpenAsync(Directory, Options(after), CancellationToken.None);
        RecoveredPool recovered = PoolRecovery.Recover(reopened, CancellationToken.None);

        foreach ((string container, string ip) in allocated)
        {
            bool holds = recovered.Pool.TryGetAllocation(KeyOf(container), out Allocation? now);
            if (released.ContainsKey(container))
            {
                Assert.False(holds && now!.Ip.ToString() == ip, $"seed {seed}: {container}'s DEL was acknowledged, but {ip} is still its after the power cut");
            }
            else if (!holds || now!.Ip.ToString() != ip)
            {
                // The release may have been durable without being acknowledged; the allocation may not vanish otherwise.
                Assert.True(WasReleaseAttempted(reopened, container), $"seed {seed}: {container} was acknowledged with {ip} but holds {(holds ? now!.Ip.ToString() : "nothing")} after the power cut");
            }
        }

        var events = new List<RecordedEvent>();
        reopened.ReadAll(0, record =>
        {
            Assert.True(EventCodec.TryDecode(record.Type, record.Payload.Span, out DomainEvent? e, out string? error), error);
            events.Add(new RecordedEvent(record.Lsn, e));
        });
        IReadOnlyList<InvariantViolation> violations = InvariantChecker.Check(events);
        Assert.True(violations.Count == 0, $"seed {seed}: " + string.Join("; ", violations.Select(v => $"LSN {v.Lsn} {v.Rule}: {v.Message}")));
        return (crashed, allocated.Count + released.Count);
    }

    private static IpamKey KeyOf(string container) => new("escni", container, "eth0");

    private static bool WasReleaseAttempted(NodeJournal journal, string container)
    {
        bool found = false;
        journal.ReadAll(0, record =>
        {
            if (EventCodec.TryDecode(record.Type, record.Payload.Span, out DomainEvent? e, out _) && e is IpReleased r && r.Key.ContainerId == container)
            {
                found = true;
            }
        });
        return found;
    }
}
