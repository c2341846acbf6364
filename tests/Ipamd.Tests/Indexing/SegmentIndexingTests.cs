using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Domain.Events;
using EsCni.Ipamd.Hosting;
using EsCni.Journal;
using EsCni.Projections.Ownership;
using EsCni.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsCni.Ipamd.Tests.Indexing;

/// <summary>
/// The daemon's journal hook: every segment sealed while the daemon appends gets its who-had indexes (.ipv4, .ipv6), and a pass at
/// start writes the ones that are missing — all on a background thread, checked here on the real files.
/// </summary>
public sealed class SegmentIndexingTests
{
    [Fact]
    public async Task SegmentSealed_WhileAppending_EverySealedSegmentGetsAUsableIndex_AndAStartPassRewritesALostOne()
    {
        SegmentIndexing? indexing = null; // made once the scenario's directory is known; seals before that are left to the hook's later passes
        JournalOptions options = new() { SegmentBytes = 4 << 10, MaxBatchBytes = 1 << 10, SegmentSealed = s => indexing?.OnSealed(s) };
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(options);
        string directory = scenario.Directory;
        indexing = new SegmentIndexing(directory, NullLogger.Instance);
        await using (indexing.ConfigureAwait(true))
        {
            for (int i = 0; i < 200; i++)
            {
                await scenario.AppendRawAsync(new NodeStopped(Guid.NewGuid(), ScenarioJournal.At(300 + i), Cause.Of(CauseKind.Startup), $"stop {i}"));
            }

            await scenario.CloseAsync();
            await indexing.Running;
            JournalReader reader = JournalReader.Open(directory);
            JournalSegment[] sealedSegments = [.. reader.Segments.Where(s => s.Sealed)];

            Assert.True(sealedSegments.Length >= 3, $"{sealedSegments.Length} sealed segments");
            Assert.All(sealedSegments, s => Assert.Null(reader.CheckIndex(s, OwnershipRecords.Index)));
            Assert.All(sealedSegments, s => Assert.Null(reader.CheckIndex(s, Ipv6OwnershipRecords.Index)));

            File.Delete(OwnershipRecords.Index.PathFor(sealedSegments[0]));
            File.Delete(Ipv6OwnershipRecords.Index.PathFor(sealedSegments[1])); // as on a journal indexed before .ipv6 existed
            indexing.Request(); // what the daemon does once recovered
            await indexing.Running;

            Assert.Null(reader.CheckIndex(sealedSegments[0], OwnershipRecords.Index));
            Assert.Null(reader.CheckIndex(sealedSegments[1], Ipv6OwnershipRecords.Index));
        }
    }
}
