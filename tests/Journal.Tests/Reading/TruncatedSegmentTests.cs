using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Reading;

/// <summary>
/// A segment file cut at any byte (a copy interrupted, a filesystem lying) is either a valid shorter journal or a
/// <see cref="JournalException"/> — never another exception. A cut inside the alignment padding of a frame that
/// otherwise verifies once made the scanner index past the end of the file.
/// </summary>
public sealed class TruncatedSegmentTests : IDisposable
{
    private const int CutRange = 1024; // every length up to here: header, first frames and their padding

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EverySegmentCutAtEveryLength_OpenVerifyReadAll_OnlyJournalExceptions()
    {
        var options = new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
        var random = new Random(7);
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, options, default))
        {
            for (int batch = 0; batch < 150; batch++)
            {
                // Odd payload sizes, so most frames end in padding.
                JournalEntry[] entries = Enumerable.Range(0, random.Next(1, 5))
                    .Select(_ => new JournalEntry(Guid.NewGuid(), 10, 1_764_000_000_000_000 + batch, new byte[random.Next(8, 120)]))
                    .ToArray();
                await journal.AppendAsync(entries, default);
            }
        }

        string[] segments = Directory.GetFiles(_dir.Path, "*.seg").Order(StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 3, "the journal should have sealed segments and an active one");
        foreach (string segment in segments)
        {
            byte[] bytes = File.ReadAllBytes(segment);
            for (int keep = 0; keep < Math.Min(CutRange, bytes.Length); keep++)
            {
                File.WriteAllBytes(segment, bytes[..keep]);
                try
                {
                    JournalReader reader = JournalReader.Open(_dir.Path);
                    reader.Verify();
                    reader.ReadAll(0, _ => { });
                }
                catch (JournalException)
                {
                    // a refusal naming the damage is the right answer
                }
            }

            File.WriteAllBytes(segment, bytes);
        }
    }
}
