using System.Collections.Concurrent;
using System.Diagnostics;
using EsCni.Integration.Support;
using EsCni.Journal;
using Xunit.Abstractions;
using JournalLog = EsCni.Journal.Journal;

namespace EsCni.Integration.Reliability;

/// <summary>
/// The read-only journal reader (what <c>replay</c> runs on a journal copied off a node) over mutated copies of a real
/// journal: bit flips, overwritten and zeroed ranges, truncation, deleted, renamed, swapped and forged files. It may
/// refuse with the JournalException family; it must never throw anything else, and never hang.
/// </summary>
public sealed class JournalReaderFuzzTests
{
    private static readonly TimeSpan s_caseTimeout = TimeSpan.FromSeconds(20);

    private readonly ITestOutputHelper _output;

    public JournalReaderFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task MutatedSegmentsAndSnapshots_OpenVerifyReadAll_OnlyJournalExceptionsAndNoHang()
    {
        int cases = RepoPaths.Long ? 50_000 : 3_000;
        string work = Directory.CreateTempSubdirectory("escni-relj-").FullName;
        try
        {
            string original = Path.Combine(work, "original");
            long lastLsn = await WriteJournalAsync(original);
            string[] files = Directory.GetFiles(original).Select(Path.GetFileName).Where(f => f != "LOCK").ToArray()!;
            var problems = new ConcurrentQueue<string>();
            var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();

            await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (seed, cancellation) =>
            {
                string copy = Path.Combine(work, "case-" + seed);
                Directory.CreateDirectory(copy);
                foreach (string file in files)
                {
                    File.Copy(Path.Combine(original, file), Path.Combine(copy, file));
                }

                string mutation = SegmentMutator.Mutate(new Random(seed), copy);
                Task<string> read = Task.Run(() => ReadEverything(copy));
                try
                {
                    string outcome = await read.WaitAsync(s_caseTimeout, cancellation);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
                catch (TimeoutException)
                {
                    problems.Enqueue($"case {seed} ({mutation}): no answer within {s_caseTimeout.TotalSeconds} s");
                }
#pragma warning disable CA1031 // the point of the test: anything outside the JournalException family is a finding
                catch (Exception e)
#pragma warning restore CA1031
                {
                    problems.Enqueue($"case {seed} ({mutation}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                }
                finally
                {
                    if (read.IsCompleted)
                    {
                        Directory.Delete(copy, recursive: true);
                    }
                }
            });

            _output.WriteLine($"journal reader fuzz: {cases} mutated copies of a {files.Length}-file journal (LSN 1..{lastLsn}) in {clock.Elapsed.TotalSeconds:F0} s; outcomes " +
                string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")) + $"; {problems.Count} violations");
            Assert.True(problems.IsEmpty, string.Join("\n\n", problems.Take(5)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task TruncatedSegment_EveryLength_OnlyJournalExceptionsNeverACrash()
    {
        string work = Directory.CreateTempSubdirectory("escni-relj-").FullName;
        try
        {
            string original = Path.Combine(work, "original");
            await WriteJournalAsync(original);
            string segment = Directory.GetFiles(original, "*.seg").Order(StringComparer.Ordinal).First();
            byte[] bytes = await File.ReadAllBytesAsync(segment);
            for (int keep = 64; keep < bytes.Length; keep += 8)
            {
                await File.WriteAllBytesAsync(segment, bytes[..keep]);
                // A cut at a batch boundary of the active segment is a valid shorter journal ("intact"); anything
                // else must be a JournalException. ReadEverything rethrows every other exception type.
                ReadEverything(original);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // Open + Verify + ReadAll + newest snapshot: the calls replay makes. JournalException is a legitimate refusal.
    private static string ReadEverything(string directory)
    {
        try
        {
            JournalReader reader = JournalReader.Open(directory);
            VerifyReport report = reader.Verify();
            long records = 0;
            reader.ReadAll(0, _ => records++);
            reader.TryReadNewestSnapshot(long.MaxValue, out Snapshot? _, out IReadOnlyList<string> _);
            return report.Corruption is not null ? "corruption reported" : report.TornTail ? "torn tail reported" : "intact";
        }
        catch (JournalException e)
        {
            return e.GetType().Name;
        }
    }

    private static async Task<long> WriteJournalAsync(string directory)
    {
        // Small segments so the journal has sealed segments, an active one and snapshots between them.
        var options = new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
        var random = new Random(7);
        await using JournalLog journal = await JournalLog.OpenAsync(directory, options, CancellationToken.None);
        for (int batch = 0; batch < 150; batch++)
        {
            JournalEntry[] entries = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            {
                byte[] payload = new byte[random.Next(8, 120)];
                random.NextBytes(payload);
                return new JournalEntry(Guid.NewGuid(), (ushort)random.Next(10, 40), 1_764_000_000_000_000 + batch, payload);
            }).ToArray();
            await journal.AppendAsync(entries, CancellationToken.None);
            if (batch is 60 or 120)
            {
                byte[] blob = new byte[random.Next(100, 2000)];
                random.NextBytes(blob);
                await journal.WriteSnapshotAsync(journal.LastLsn, blob, CancellationToken.None);
            }
        }

        return journal.LastLsn;
    }
}
