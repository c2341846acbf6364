using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Recovery;

/// <summary>
/// A real child process (this assembly, <see cref="CrashChild"/>) appends from four tasks and prints every
/// acknowledged batch; it is killed with SIGKILL at random moments, and after each kill the parent reopens the
/// journal and checks every LSN the child reported. 20 kills by default, 200 with ESCNI_LONG=1.
/// </summary>
public sealed class ProcessCrashTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Kills => Environment.GetEnvironmentVariable("ESCNI_LONG") == "1" ? 200 : 20;

    [Fact]
    public async Task Append_ChildKilledWithSigkill_EveryAcknowledgedLsnSurvives()
    {
        var rng = new Random(20261127);
        var acked = new List<Ack>();
        int tornTails = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            int before = acked.Count;
            using (Process child = StartChild())
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                if (kill % 2 == 0)
                {
                    int target = rng.Next(1, 400);
                    while (acked.Count - before < target && await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                    {
                        Parse(line, acked);
                    }
                }
                else
                {
                    // Kill at an arbitrary moment: during start-up and recovery, or in the middle of appending.
                    await Task.Delay(rng.Next(0, 600), timeout.Token);
                }

                child.Kill(); // SIGKILL on Linux: no finally blocks, no flush, no dispose in the child
                await child.WaitForExitAsync(timeout.Token);
                string rest = await child.StandardOutput.ReadToEndAsync(timeout.Token);
                foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Parse(line, acked);
                }
            }

            await using Journal journal = await Journal.OpenAsync(_dir.Path, CrashChild.Options, default);
            tornTails += journal.Recovery.TornBytesCut > 0 ? 1 : 0;
            Guid[] idByLsn = new Guid[journal.LastLsn + 1];
            long expected = 1;
            journal.ReadAll(0, r =>
            {
                Assert.Equal(expected++, r.Lsn);
                Assert.True(TestEvents.IsIntact(r), $"LSN {r.Lsn} does not hold the bytes its child wrote");
                idByLsn[r.Lsn] = r.EventId;
            });
            Assert.Equal(journal.LastLsn + 1, expected);
            foreach (Ack ack in acked)
            {
                Assert.True(ack.Last <= journal.LastLsn, $"after kill {kill}: acknowledged LSN {ack.Last} is missing (journal ends at {journal.LastLsn})");
                Assert.Equal(ack.FirstId, idByLsn[ack.First]);
                Assert.Equal(ack.LastId, idByLsn[ack.Last]);
            }
        }

        Assert.True(acked.Count >= Kills / 2, $"the children acknowledged only {acked.Count} batches; the test did not exercise appends");
    }

    private Process StartChild()
    {
        string dll = typeof(CrashChild).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(CrashChild.Verb);
        start.ArgumentList.Add(_dir.Path);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash child");
    }

    private static void Parse(string line, List<Ack> acked)
    {
        string[] parts = line.Split(' ');
        if (parts.Length == 5 && parts[0] == "ack")
        {
            acked.Add(new Ack(
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                long.Parse(parts[2], CultureInfo.InvariantCulture),
                Guid.Parse(parts[3]),
                Guid.Parse(parts[4])));
        }
    }

    private sealed record Ack(long First, long Last, Guid FirstId, Guid LastId);
}
