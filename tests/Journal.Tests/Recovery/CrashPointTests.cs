using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Journal.Tests.Recovery;

/// <summary>
/// Seeded crash points through the fault-injecting file layer: a workload runs until its crash point (a torn
/// write, or a lost fsync/rename/delete), the file system keeps what a power cut may keep, and the journal must
/// reopen with every acknowledged event, in order, with nothing unacknowledged invented and no operator help.
/// 4 × 500 scenarios by default, 4 × 25,000 with ESCNI_LONG=1.
/// </summary>
public sealed class CrashPointTests
{
    public enum Focus
    {
        Append,
        SegmentRoll,
        Snapshot,
        Recovery,
    }

    private const string Directory = "/fault/journal";

    private static int ScenariosPerFocus => Environment.GetEnvironmentVariable("ESCNI_LONG") == "1" ? 25_000 : 500;

    [Theory]
    [InlineData(Focus.Append)]
    [InlineData(Focus.SegmentRoll)]
    [InlineData(Focus.Snapshot)]
    [InlineData(Focus.Recovery)]
    public async Task Crash_AtSeededPoint_ReopensWithEveryAcknowledgedEventAndNothingInvented(Focus focus)
    {
        int crashedInside = 0;
        for (int i = 0; i < ScenariosPerFocus; i++)
        {
            int seed = (i * 4) + (int)focus;
            try
            {
                crashedInside += await RunScenarioAsync(focus, seed) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"scenario {focus} seed {seed} failed: {ex.Message}", ex);
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new InvalidOperationException($"scenario {focus} seed {seed} failed: {ex.Message}", ex);
            }
        }

        // Most crash points must land inside the workload, or the test proves little.
        Assert.True(crashedInside > ScenariosPerFocus / 2, $"only {crashedInside} of {ScenariosPerFocus} crash points fell inside the workload");
    }

    private static JournalOptions OptionsFor(Focus focus, FaultInjectingFileSystem fs) => focus switch
    {
        Focus.SegmentRoll => new JournalOptions { SegmentBytes = 1024, MaxBatchBytes = 512, IdempotencyWindow = 50, FileSystem = fs },
        Focus.Append => new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 1024, FileSystem = fs },
        _ => new JournalOptions { SegmentBytes = 2048, MaxBatchBytes = 512, IdempotencyWindow = 50, FileSystem = fs },
    };

    /// <returns>True when the crash point fell inside the workload.</returns>
    private static async Task<bool> RunScenarioAsync(Focus focus, int seed)
    {
        var rng = new Random(seed);
        var fs = new FaultInjectingFileSystem(seed);
        var model = new Model();
        fs.ArmCrash(rng.Next(1, focus == Focus.Append ? 120 : 200));
        Journal? journal = null;
        try
        {
            journal = await Journal.OpenAsync(Directory, OptionsFor(focus, fs), default);
            for (int step = 0; step < 40; step++)
            {
                int dice = rng.Next(100);
                if ((focus == Focus.Snapshot && dice < 25) || dice < 4)
                {
                    long at = journal.LastLsn;
                    model.NewestSnapshotAttempted = Math.Max(model.NewestSnapshotAttempted, at);
                    await journal.WriteSnapshotAsync(at, BitConverter.GetBytes(at), default);
                    model.AckedSnapshot = Math.Max(model.AckedSnapshot, at);
                }
                else if ((focus == Focus.Snapshot && dice < 35) || dice < 6)
                {
                    long shipped = journal.LastLsn - rng.Next(5);
                    model.AttemptRetention(shipped);
                    await journal.DeleteSegmentsBelowAsync(shipped, default);
                }
                else if ((focus == Focus.Recovery && dice < 45) || dice < 8)
                {
                    await journal.DisposeAsync();
                    journal = null;
                    journal = await Journal.OpenAsync(Directory, OptionsFor(focus, fs), default);
                }
                else
                {
                    await AppendConcurrentlyAsync(journal, model, rng, seed);
                }
            }
        }
        catch (Exception) when (fs.Crashed)
        {
            // The simulated process died here; what it acknowledged so far is in the model.
        }
        finally
        {
            if (journal is not null)
            {
                try
                {
                    await journal.DisposeAsync();
                }
                catch (Exception) when (fs.Crashed)
                {
                }
            }
        }

        bool crashedInside = fs.Crashed;
        FaultInjectingFileSystem after = fs.AfterCrash();

        // Crash again while recovering (repair of the repair), possibly more than once.
        int nested = focus == Focus.Recovery ? rng.Next(1, 4) : (rng.Next(4) == 0 ? 1 : 0);
        for (int n = 0; n < nested; n++)
        {
            after.ArmCrash(rng.Next(1, 12));
            try
            {
                await (await Journal.OpenAsync(Directory, OptionsFor(focus, after), default)).DisposeAsync();
            }
            catch (Exception) when (after.Crashed)
            {
            }

            after = after.AfterCrash();
        }

        await model.VerifyAsync(after, OptionsFor(focus, after), seed);
        return crashedInside;
    }

    private static async Task AppendConcurrentlyAsync(Journal journal, Model model, Random rng, int seed)
    {
        int callers = rng.Next(1, 4);
        var batches = new List<List<JournalEntry>>();
        var tasks = new List<Task<AppendResult>>();
        for (int c = 0; c < callers; c++)
        {
            List<JournalEntry> batch = TestEvents.Batch(seed, model.NextSeq, rng.Next(1, 4), maxLength: 100);
            model.NextSeq += batch.Count;
            model.Attempted.Add(batch);
            batches.Add(batch);
            // Submitted in call order without awaiting: the writer assigns LSNs in exactly this order.
            tasks.Add(journal.AppendAsync(batch, default).AsTask());
        }

        for (int c = 0; c < callers; c++)
        {
            AppendResult result = await tasks[c];
            model.Acked.Add((batches[c], result));
        }
    }

    private sealed class Model
    {
        public List<List<JournalEntry>> Attempted { get; } = [];

        public List<(List<JournalEntry> Batch, AppendResult Result)> Acked { get; } = [];

        public long NextSeq { get; set; }

        public long AckedSnapshot { get; set; } = -1;

        public long NewestSnapshotAttempted { get; set; } = -1;

        /// <summary>
        /// The highest LSN retention may have deleted: only segments whose every event is at or below min(shipped LSN,
        /// oldest snapshot) go, so no acknowledged or crashed deletion can have removed a record above this floor.
        /// </summary>
        public long RetentionFloor { get; private set; }

        public void AttemptRetention(long shippedLsn) =>
            RetentionFloor = Math.Max(RetentionFloor, Math.Min(shippedLsn, NewestSnapshotAttempted));

        public async Task VerifyAsync(FaultInjectingFileSystem fs, JournalOptions options, int seed)
        {
            await using Journal journal = await Journal.OpenAsync(Directory, options, default);
            List<JournalEntry> flat = Attempted.SelectMany(b => b).ToList();
            long lastAcked = Acked.Count == 0 ? 0 : Acked.Max(a => a.Result.LastLsn);

            // Durability: everything acknowledged is there; atomicity: the log ends on a batch boundary.
            Assert.True(journal.LastLsn >= lastAcked, $"seed {seed}: acknowledged LSN {lastAcked} lost (recovered up to {journal.LastLsn})");
            Assert.True(journal.LastLsn <= flat.Count, $"seed {seed}: recovered LSN {journal.LastLsn} but only {flat.Count} events were ever attempted");
            HashSet<long> boundaries = [0];
            long sum = 0;
            foreach (List<JournalEntry> b in Attempted)
            {
                sum += b.Count;
                boundaries.Add(sum);
            }

            Assert.True(boundaries.Contains(journal.LastLsn), $"seed {seed}: LSN {journal.LastLsn} splits a batch");

            // Nothing lost at the front either: only retention removes leading segments, and only below its floor.
            // Without a retention call the journal starts at LSN 1; a recovery that drops a leading segment fails here.
            Assert.True(journal.FirstLsn >= 1, $"seed {seed}: first LSN {journal.FirstLsn} is below 1");
            Assert.True(journal.FirstLsn <= RetentionFloor + 1, $"seed {seed}: recovered journal starts at LSN {journal.FirstLsn}, but retention only ever allowed deleting up to LSN {RetentionFloor}");

            // Order and no invention: LSN n holds exactly the n-th attempted event, byte for byte.
            long expected = journal.FirstLsn;
            journal.ReadAll(journal.FirstLsn - 1, r =>
            {
                Assert.Equal(expected, r.Lsn);
                JournalEntry e = flat[(int)(r.Lsn - 1)];
                Assert.Equal(e.EventId, r.EventId);
                Assert.True(r.Payload.Span.SequenceEqual(e.Payload.Span), $"seed {seed}: payload of LSN {r.Lsn} differs");
                expected++;
            });
            Assert.Equal(journal.LastLsn + 1, expected);
            foreach ((List<JournalEntry> batch, AppendResult result) in Acked)
            {
                Assert.Equal(flat[(int)result.FirstLsn - 1].EventId, batch[0].EventId);
            }

            // Snapshots: an acknowledged one (or a newer one) is found, and whatever is found is genuine.
            if (journal.TryReadNewestSnapshot(long.MaxValue, out Snapshot? snapshot))
            {
                Assert.Equal(snapshot.Lsn, BitConverter.ToInt64(snapshot.Blob.Span));
                Assert.True(snapshot.Lsn <= journal.LastLsn, $"seed {seed}: snapshot at {snapshot.Lsn} is beyond the log end {journal.LastLsn}");
            }

            Assert.True(AckedSnapshot < 0 || (snapshot is not null && snapshot.Lsn >= AckedSnapshot), $"seed {seed}: acknowledged snapshot at {AckedSnapshot} lost");

            // And the journal keeps working without operator help.
            AppendResult next = await journal.AppendAsync(TestEvents.Batch(seed, 1_000_000, 2, maxLength: 100), default);
            Assert.Equal(journal.LastLsn - 1, next.FirstLsn);
        }
    }
}
