using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>
/// <c>replay index</c> on a copy of a golden journal written before indexes existed (two sealed segments): afterwards
/// every who-had case answers what that release recorded, now through the indexes, and <c>replay verify</c> reports
/// them — a damaged one as a warning saying what to run, not as a finding.
/// </summary>
public sealed class IndexCommandTests
{
    [Fact]
    public async Task Index_GoldenJournalWithSealedSegments_WhoHadStillAnswersAsTheReleaseThatWroteIt()
    {
        GoldenJournal golden = GoldenJournal.Get("v0.1/segments");
        string copy = golden.CopyJournal();
        try
        {
            (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "index", "--journal", copy);

            Assert.True(exit == 0, stderr);
            Assert.Contains("4 index file(s) written; 2 of 2 sealed segment(s) indexed", stdout, StringComparison.Ordinal);
            Assert.Equal(["00000000000000000001.seg.ipv4", "00000000000000000001.seg.ipv6"],
                Directory.GetFiles(Path.Combine(copy, "index")).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(2));
            Assert.Equal(4, Directory.GetFiles(Path.Combine(copy, "index")).Length);
            int cases = 0;
            foreach (GoldenCase whoHad in golden.Cases().Where(c => c.Name.StartsWith("who-had", StringComparison.Ordinal)))
            {
                (int expectedExit, string expectedOut, _) = golden.Expected(whoHad.Name);
                (int caseExit, string caseOut, _) = await ReplayCli.RunAsync([.. whoHad.Arguments.Select(a => a.Replace(GoldenJournal.JournalPlaceholder, copy, StringComparison.Ordinal))]);
                Assert.Equal(expectedOut, caseOut.Replace(copy, GoldenJournal.JournalPlaceholder, StringComparison.Ordinal));
                Assert.Equal(expectedExit, caseExit);
                cases++;
            }

            Assert.True(cases >= 5, $"{cases} who-had cases");
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }

    [Fact]
    public async Task Verify_DamagedIndex_WarnsWithWhatToRunAndStaysClean()
    {
        GoldenJournal golden = GoldenJournal.Get("v0.1/segments");
        string copy = golden.CopyJournal();
        try
        {
            await ReplayCli.RunAsync("replay", "index", "--journal", copy);
            (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", copy);
            Assert.Contains("who-had index: 2 of 2 sealed segment(s) indexed", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("index warning", stdout, StringComparison.Ordinal);
            string first = Path.Combine(copy, "index", "00000000000000000001.seg.ipv4");
            byte[] bytes = File.ReadAllBytes(first);
            bytes[70] ^= 1; // the key table
            File.WriteAllBytes(first, bytes);

            (int damagedExit, string damaged, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", copy);

            Assert.Equal(exit, damagedExit);
            Assert.Contains("who-had index: 1 of 2 sealed segment(s) indexed", damaged, StringComparison.Ordinal);
            Assert.Contains($"index warning: {first} is not used: the key table CRC does not match; who-had scans that segment meanwhile. Run `escni-ipamd replay index --journal {copy}`", damaged, StringComparison.Ordinal);

            string secondIpv6 = Path.Combine(copy, "index", "00000000000000008271.seg.ipv6");
            Assert.True(File.Exists(secondIpv6), "the .ipv6 index of the second segment");
            File.WriteAllBytes(secondIpv6, [.. File.ReadAllBytes(secondIpv6).Take(40)]);
            (_, string both, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", copy);
            Assert.Contains("who-had index: 0 of 2 sealed segment(s) indexed", both, StringComparison.Ordinal);
            Assert.Contains($"index warning: {secondIpv6} is not used: the file is shorter than its 64-byte header", both, StringComparison.Ordinal);
        }
        finally
        {
            GoldenJournal.DeleteCopy(copy);
        }
    }
}
