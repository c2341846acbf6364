using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Domain.Codec;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Journal.Indexing;
using EsCni.Projections.Ownership;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Ownership;

/// <summary>
/// who-had for an IPv6 address through the per-segment <c>.ipv6</c> indexes answers exactly what the scan answers, for
/// every address of an IPv6 churn over many small sealed segments — with every index present, missing, damaged or
/// stale, and for an address whose 32-bit key another address shares. And the index is really what it reads.
/// </summary>
public sealed class IndexedIpv6WhoHadTests
{
    private static readonly Ipv6Prefix s_slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");
    private static readonly SegmentIndexDefinition s_index = Ipv6OwnershipRecords.Index;

    // The node's first 40 addresses (the churn hands out 39), and one outside the /80 whose four words XOR to the same key as offset 5's.
    private static readonly Ipv6Address s_twinOf5 = new(s_slash80.AddressAt(5).Value ^ ((UInt128)1 << 96) ^ 1);

    private static IEnumerable<Ipv6Address> Addresses() => [.. Enumerable.Range(1, 40).Select(o => s_slash80.AddressAt((ulong)o)), s_twinOf5];

    [Fact]
    public async Task WholeHistory_EveryAddressWithIndexesMissingDamagedOrStale_EqualsTheScan()
    {
        await using ScenarioJournal scenario = await ChurnAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        Dictionary<Ipv6Address, string[]> scanned = Addresses().ToDictionary(a => a, a => Owners(reader, a)); // no index yet: the scan
        JournalSegment[] sealedSegments = [.. reader.Segments.Where(s => s.Sealed)];
        Assert.True(sealedSegments.Length >= 6, $"{sealedSegments.Length} sealed segments: the test needs many");
        Assert.True(scanned.Values.Count(o => o.Length > 0) >= 30, "the churn should give most addresses an owner");
        Assert.Equal(Ipv6OwnershipRecords.KeyOf(s_slash80.AddressAt(5)), Ipv6OwnershipRecords.KeyOf(s_twinOf5));
        Assert.Single(scanned[s_twinOf5]);
        Assert.DoesNotContain(scanned[s_twinOf5][0], scanned[s_slash80.AddressAt(5)]);

        Assert.Equal(sealedSegments.Length, reader.WriteIndexes(s_index));
        Assert.All(sealedSegments, s => Assert.Null(reader.CheckIndex(s, s_index)));
        Assert.All(sealedSegments, s => Assert.True(File.Exists(Path.Combine(scenario.Directory, "index", Path.GetFileName(s.Path) + ".ipv6"))));
        AssertSameAsScan(reader, scanned);

        File.Delete(s_index.PathFor(sealedSegments[1]));
        IndexedWhoHadTests.FlipByte(s_index.PathFor(sealedSegments[3]), fromEnd: 5); // inside a posting list
        File.Copy(s_index.PathFor(sealedSegments[4]), s_index.PathFor(sealedSegments[5]), overwrite: true);
        Assert.Equal("missing", reader.CheckIndex(sealedSegments[1], s_index));
        Assert.Contains("CRC", reader.CheckIndex(sealedSegments[3], s_index), StringComparison.Ordinal);
        Assert.Contains("another segment", reader.CheckIndex(sealedSegments[5], s_index), StringComparison.Ordinal);
        AssertSameAsScan(reader, scanned);

        Assert.Equal(3, reader.WriteIndexes(s_index)); // the missing, damaged and stale ones, nothing else
        AssertSameAsScan(reader, scanned);
    }

    [Fact]
    public async Task WholeHistory_IndexThatLeavesOutReleases_IsWhatItReads()
    {
        await using ScenarioJournal scenario = await ChurnAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        Ipv6Address address = Addresses().First(a => Owners(reader, a).Any(o => o.Contains("released", StringComparison.Ordinal)));
        string[] scanned = Owners(reader, address);
        // Same name and fingerprint, so it passes every check: only reading it can tell.
        SegmentIndexDefinition forgetful = s_index with
        {
            Classify = (in JournalRecord record, out uint key) =>
                record.Type == EventTypeIds.Ipv6Released ? IndexedWhoHadTests.Skip(out key) : Ipv6OwnershipRecords.Classify(in record, out key),
        };
        reader.WriteIndexes(forgetful);

        Assert.NotEqual(scanned, Owners(reader, address));
    }

    [Fact]
    public void Classify_PayloadTheProbeCannotRead_IsFiledForEveryKey_AndIpv4EventsNowhere()
    {
        Ipv6Allocated allocated = new(Guid.NewGuid(), ScenarioJournal.At(1), Cause.Of(CauseKind.CniRequest), s_slash80.AddressAt(1), "eni-primary",
            ScenarioJournal.Key(1), ScenarioJournal.Pod(1), "/var/run/netns/cni-1");
        (ushort type, byte[] payload) = EventCodec.Encode(allocated);
        (ushort v4Type, byte[] v4Payload) = EventCodec.Encode(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(1), Cause.Of(CauseKind.CniRequest),
            Ipv4Address.Parse("10.0.1.12"), "eni-primary", ScenarioJournal.Key(1), ScenarioJournal.Pod(1), "/var/run/netns/cni-1"));

        Assert.Equal(IndexMembership.Key, Ipv6OwnershipRecords.Classify(new JournalRecord(1, Guid.Empty, type, 0, payload), out uint key));
        Assert.Equal(Ipv6OwnershipRecords.KeyOf(s_slash80.AddressAt(1)), key);
        Assert.Equal(IndexMembership.EveryKey, Ipv6OwnershipRecords.Classify(new JournalRecord(1, Guid.Empty, type, 0, payload.AsMemory(0, 10)), out _));
        Assert.Equal(IndexMembership.None, Ipv6OwnershipRecords.Classify(new JournalRecord(1, Guid.Empty, v4Type, 0, v4Payload), out _));
    }

    // The /80, then 300 steps of IPv6 ADD/DEL through the pool, plus the twin address's owner appended as is.
    private static async Task<ScenarioJournal> ChurnAsync()
    {
        ScenarioJournal scenario = await ScenarioJournal.CreateAsync(IndexedWhoHadTests.SmallSegments);
        await scenario.DecideAsync(new RequestIpv6Prefix(ScenarioJournal.At(300), Cause.Of(CauseKind.Startup), "eni-primary"));
        await scenario.DecideAsync(new RecordIpv6PrefixAdded(ScenarioJournal.At(300), Cause.Of(CauseKind.Startup), "eni-primary", s_slash80, Ipv6PrefixAdded.FromEc2));
        Random random = new(7);
        List<int> live = [];
        double t = 300;
        for (int step = 0, next = 100; step < 300 && next < 139; step++)
        {
            t += random.Next(1, 20);
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int n = live[random.Next(live.Count)];
                await scenario.DecideAsync(new ReleaseIpByKey(ScenarioJournal.At(t), Cause.Of(CauseKind.CniRequest), ScenarioJournal.Key(n), ReleaseReason.CniDel));
                live.Remove(n);
            }
            else
            {
                await scenario.DecideAsync(new AllocateIpv6(ScenarioJournal.At(t), new Cause(CauseKind.CniRequest, $"add-{next}"), ScenarioJournal.Key(next), ScenarioJournal.Pod(next), $"/var/run/netns/cni-{next}"));
                live.Add(next++);
            }

            // Other events between them, so the IPv6 frames are a few among many (and many segments seal).
            await scenario.DecideAsync(new RecordDrift(ScenarioJournal.At(t), Cause.Of(CauseKind.Reconciler), $"subject-{step}", "x", "y"));
        }

        await scenario.AppendRawAsync(new Ipv6Allocated(Guid.NewGuid(), ScenarioJournal.At(t + 1), new Cause(CauseKind.CniRequest, "add-twin"), s_twinOf5, "eni-primary",
            ScenarioJournal.Key(99), ScenarioJournal.Pod(99), "/var/run/netns/cni-99"));
        for (int n = 0; n < 40; n++)
        {
            await scenario.DecideAsync(new RecordDrift(ScenarioJournal.At(t + 2), Cause.Of(CauseKind.Reconciler), $"tail-{n}", "x", "y")); // seals the twin's segment
        }

        await scenario.CloseAsync();
        return scenario;
    }

    private static void AssertSameAsScan(JournalReader reader, Dictionary<Ipv6Address, string[]> scanned)
    {
        foreach ((Ipv6Address address, string[] expected) in scanned)
        {
            Assert.Equal(expected, Owners(reader, address));
        }
    }

    private static string[] Owners(JournalReader reader, Ipv6Address address) =>
        [.. Ipv6OwnershipProjection.WholeHistory(reader, address, 2).Select(o =>
            $"{o.Address} {o.Key} {o.Pod} {o.AllocatedLsn} {(o.ReleasedLsn is { } l ? $"released {l} {o.ReleaseReason}" : "live")}")];
}
