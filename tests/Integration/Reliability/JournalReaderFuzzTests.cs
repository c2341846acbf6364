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
/// refuse with the JournalException family; it must never throw anything else, and never hang. When it calls a copy
/// intact, what it reads back must be the records that were written, LSN for LSN and byte for byte.
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
            IReadOnlyList<JournalEntry> written = await WriteJournalAsync(original);
            long lastLsn = written.Count;
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
                Task<(string Outcome, string? Problem)> read = Task.Run(() => ReadEverything(copy, written, Leeway.Of(mutation, files)));
                try
                {
                    (string outcome, string? problem) = await read.WaitAsync(s_caseTimeout, cancellation);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                    if (problem is not null)
                    {
                        problems.Enqueue($"case {seed} ({mutation}): {problem}");
                    }
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
            IReadOnlyList<JournalEntry> written = await WriteJournalAsync(original);
            string segment = Directory.GetFiles(original, "*.seg").Order(StringComparer.Ordinal).First();
            byte[] bytes = await File.ReadAllBytesAsync(segment);
            var problems = new List<string>();
            for (int keep = 64; keep < bytes.Length; keep += 8)
            {
                await File.WriteAllBytesAsync(segment, bytes[..keep]);
                // A cut of the first (sealed) segment leaves a gap before the next one: never "intact", and whatever
                // is called intact must read back what was written. ReadEverything rethrows non-journal exceptions.
                (string outcome, string? problem) = ReadEverything(original, written, default);
                if (problem is not null)
                {
                    problems.Add($"cut to {keep} bytes ({outcome}): {problem}");
                }
            }

            Assert.True(problems.Count == 0, string.Join('\n', problems.Take(5)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // Open + Verify + ReadAll + newest snapshot: the calls replay makes. JournalException is a legitimate refusal; an
    // "intact" verdict is checked against what was written, so a reader that silently drops or alters records fails.
    private static (string Outcome, string? Problem) ReadEverything(string directory, IReadOnlyList<JournalEntry> written, Leeway leeway)
    {
        try
        {
            JournalReader reader = JournalReader.Open(directory);
            VerifyReport report = reader.Verify();
            var read = new List<JournalRecord>();
            reader.ReadAll(0, r => read.Add(r with { Payload = r.Payload.ToArray() }));
            reader.TryReadNewestSnapshot(long.MaxValue, out Snapshot? _, out IReadOnlyList<string> _);
            if (report.Corruption is not null || report.TornTail)
            {
                return (report.Corruption is not null ? "corruption reported" : "torn tail reported", null);
            }

            return ("intact", DifferenceFromWritten(read, written, leeway));
        }
        catch (JournalException e)
        {
            return (e.GetType().Name, null);
        }
    }

    private static string? DifferenceFromWritten(List<JournalRecord> read, IReadOnlyList<JournalEntry> written, Leeway leeway)
    {
        long first = read.Count == 0 ? written.Count + 1 : read[0].Lsn;
        long last = read.Count == 0 ? first - 1 : read[^1].Lsn;
        if (first < 1 || (first > 1 && !leeway.MayLackHead))
        {
            return $"called intact, but it starts at LSN {first}, not 1";
        }

        if (last > written.Count || (last < written.Count && !leeway.MayLackTail))
        {
            return $"called intact, but it ends at LSN {last}; {written.Count} were written";
        }

        for (int i = 0; i < read.Count; i++)
        {
            JournalRecord r = read[i];
            if (r.Lsn != first + i)
            {
                return $"called intact, but LSN {r.Lsn} follows LSN {first + i - 1}";
            }

            JournalEntry w = written[(int)r.Lsn - 1];
            if (r.EventId != w.EventId || r.Type != w.Type || r.TimestampMicros != w.TimestampMicros || !r.Payload.Span.SequenceEqual(w.Payload.Span))
            {
                return $"called intact, but LSN {r.Lsn} reads back as {r.EventId} ({r.Payload.Length} bytes), not the written {w.EventId} ({w.Payload.Length} bytes)";
            }
        }

        return null;
    }

    /// <summary>
    /// What an intact journal may lack after a mutation, because the result is also what a healthy node can leave:
    /// deleting the oldest segment looks like retention (the journal starts later); cutting the newest (active) segment
    /// at a batch boundary looks like a crash before the next append, and deleting it like a crash between sealing the
    /// segment before it and creating its successor (the journal ends earlier). Nothing on disk records the last LSN,
    /// so only a copy of it elsewhere (the PostgreSQL stream) can tell these from the real thing.
    /// </summary>
    private readonly record struct Leeway(bool MayLackHead, bool MayLackTail)
    {
        public static Leeway Of(string mutation, string[] files)
        {
            string[] segments = [.. files.Where(f => f.EndsWith(".seg", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            return new Leeway(
                MayLackHead: mutation == segments[0] + " deleted",
                MayLackTail: mutation.StartsWith(segments[^1] + " truncated", StringComparison.Ordinal) || mutation == segments[^1] + " deleted");
        }
    }

    /// <returns>Every entry written, in LSN order (LSN = index + 1).</returns>
    private static async Task<IReadOnlyList<JournalEntry>> WriteJournalAsync(string directory)
    {
        // Small segments so the journal has sealed segments, an active one and snapshots between them.
        var options = new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
        var random = new Random(7);
        var written = new List<JournalEntry>();
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
            written.AddRange(entries);
            if (batch is 60 or 120)
            {
                byte[] blob = new byte[random.Next(100, 2000)];
                random.NextBytes(blob);
                await journal.WriteSnapshotAsync(journal.LastLsn, blob, CancellationToken.None);
            }
        }

        Assert.Equal(written.Count, journal.LastLsn);
        return written;
    }
}
