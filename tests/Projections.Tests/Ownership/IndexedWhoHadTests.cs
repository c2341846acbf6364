using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Domain.Codec;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Journal.Indexing;
using EsCni.Projections.Ownership;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Ownership;

/// <summary>
/// The whole-history who-had through per-segment IP indexes must answer exactly what the full scan answers, for every
/// IP, on a journal of many small sealed segments — with every index present, and with indexes missing, damaged,
/// stale (another segment's, another fingerprint's). And the indexes must really be what it reads.
/// </summary>
public sealed class IndexedWhoHadTests
{
    // 4 KiB segments: the churn below seals a dozen or more of them.
    internal static readonly JournalOptions SmallSegments = new() { SegmentBytes = 4 << 10, MaxBatchBytes = 1 << 10 };

    [Fact]
    public async Task WholeHistory_EveryIpWithIndexesMissingDamagedOrStale_EqualsTheFullScan()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(SmallSegments);
        await OwnershipQueryTests.ChurnAsync(scenario, seed: 7, steps: 300);
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        Dictionary<Ipv4Address, string[]> scanned = OwnershipQueryTests.Ips().ToDictionary(ip => ip, ip => Owners(reader, ip)); // no index yet: the scan
        JournalSegment[] sealedSegments = [.. reader.Segments.Where(s => s.Sealed)];
        Assert.True(sealedSegments.Length >= 8, $"{sealedSegments.Length} sealed segments: the test needs many");
        Assert.True(scanned.Values.Count(o => o.Length > 0) >= 8, "the churn should give most IPs owners");

        Assert.Equal(sealedSegments.Length, reader.WriteIndexes(OwnershipRecords.Index));
        Assert.All(sealedSegments, s => Assert.Null(reader.CheckIndex(s, OwnershipRecords.Index)));
        AssertSameAsScan(reader, scanned);

        File.Delete(OwnershipRecords.Index.PathFor(sealedSegments[1]));
        FlipByte(OwnershipRecords.Index.PathFor(sealedSegments[3]), fromEnd: 5); // inside a posting list
        File.Copy(OwnershipRecords.Index.PathFor(sealedSegments[4]), OwnershipRecords.Index.PathFor(sealedSegments[5]), overwrite: true);
        Assert.Equal("missing", reader.CheckIndex(sealedSegments[1], OwnershipRecords.Index));
        Assert.Contains("CRC", reader.CheckIndex(sealedSegments[3], OwnershipRecords.Index), StringComparison.Ordinal);
        Assert.Contains("another segment", reader.CheckIndex(sealedSegments[5], OwnershipRecords.Index), StringComparison.Ordinal);
        AssertSameAsScan(reader, scanned);

        SegmentIndexDefinition otherBuild = OwnershipRecords.Index with { Fingerprint = OwnershipRecords.Index.Fingerprint + 1 };
        Assert.Contains("fingerprint", reader.CheckIndex(sealedSegments[0], otherBuild), StringComparison.Ordinal);
        Assert.Equal(3, reader.WriteIndexes(OwnershipRecords.Index)); // the missing, damaged and stale ones, nothing else
        AssertSameAsScan(reader, scanned);
    }

    [Fact]
    public async Task WholeHistory_IndexThatLeavesOutAnIpsReleases_IsWhatItReads()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(SmallSegments);
        await OwnershipQueryTests.ChurnAsync(scenario, seed: 7, steps: 300);
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        Ipv4Address ip = Ipv4Address.Parse("10.0.1.12");
        string[] scanned = Owners(reader, ip);
        // Same name and fingerprint, so it passes every check: only reading it can tell.
        SegmentIndexDefinition forgetful = OwnershipRecords.Index with
        {
            Classify = (in JournalRecord record, out uint key) =>
                record.Type == EventTypeIds.IpReleased ? Skip(out key) : OwnershipRecords.Classify(in record, out key),
        };
        reader.WriteIndexes(forgetful);

        string[] indexed = Owners(reader, ip);

        Assert.Contains(scanned, o => o.Contains("Released", StringComparison.Ordinal));
        Assert.NotEqual(scanned, indexed);
    }

    internal static IndexMembership Skip(out uint key)
    {
        key = 0;
        return IndexMembership.None;
    }

    private static void AssertSameAsScan(JournalReader reader, Dictionary<Ipv4Address, string[]> scanned)
    {
        foreach ((Ipv4Address ip, string[] expected) in scanned)
        {
            Assert.Equal(expected, Owners(reader, ip));
        }
    }

    private static string[] Owners(JournalReader reader, Ipv4Address ip) =>
        [.. OwnershipQuery.WholeHistory(reader, ip, 2).Select(OwnershipQueryTests.Describe)];

    internal static void FlipByte(string path, int fromEnd)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^fromEnd] ^= 0x40;
        File.WriteAllBytes(path, bytes);
    }
}
