using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Recovery;

/// <summary>The child process of the SIGKILL test: appends forever from four tasks, printing each acknowledged batch.</summary>
internal static class CrashChild
{
    public const string Verb = "crash-child";

    public static readonly JournalOptions Options = new() { SegmentBytes = 64 << 10, MaxBatchBytes = 8 << 10 };

    public static async Task<int> RunAsync(string directory)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        await using Journal journal = await Journal.OpenAsync(directory, Options, CancellationToken.None);
        int run = Environment.ProcessId;
        await stdout.WriteLineAsync($"open {journal.LastLsn}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // never outlive a lost parent
        var gate = new object();
        Task[] appenders = new Task[4];
        for (int t = 0; t < appenders.Length; t++)
        {
            int stream = (run << 3) | t;
            appenders[t] = Task.Run(async () =>
            {
                long seq = 0;
                var rng = new Random(stream);
                while (!stop.IsCancellationRequested)
                {
                    int count = rng.Next(1, 6);
                    var batch = TestEvents.Batch(stream, seq, count);
                    seq += count;
                    AppendResult result = await journal.AppendAsync(batch, CancellationToken.None);
                    lock (gate)
                    {
                        // Printed only after the append completed, i.e. after fdatasync: the parent's proof of an ack.
                        stdout.WriteLine($"ack {result.FirstLsn} {result.LastLsn} {batch[0].EventId} {batch[^1].EventId}");
                    }

                    if (rng.Next(200) == 0)
                    {
                        await journal.WriteSnapshotAsync(result.LastLsn, BitConverter.GetBytes(result.LastLsn), CancellationToken.None);
                    }
                }
            });
        }

        await Task.WhenAll(appenders);
        return 0;
    }
}
