using System;
using System.Collections.Generic;
using System.IO;
using EsCni.Journal.Format;
using EsCni.Journal.Storage;

namespace EsCni.Journal.Recovery;

/// <summary>Reads every segment of a directory and checks the chain (headers, incarnation, base LSNs, seals); changes nothing.</summary>
internal static class DirectoryScanner
{
    /// <summary>
    /// Scans <paramref name="directory"/>; stops at the first corruption, keeping what precedes it.
    /// <paramref name="reportFrom"/> maps the last segment's base LSN to the first LSN <paramref name="onEvent"/>
    /// needs (so recovery does not index ids it would evict at once).
    /// </summary>
    public static DirectoryScan Scan(IJournalFileSystem fs, string directory, SegmentScanner.CommittedEvent? onEvent, Func<long, long>? reportFrom = null)
    {
        List<(long BaseLsn, string Name)> names = [];
        List<string> temps = [];
        foreach (string name in fs.ListFiles(directory))
        {
            if (name.EndsWith(FileNames.TempSuffix, StringComparison.Ordinal))
            {
                temps.Add(name);
            }
            else if (FileNames.TryParseSegment(name, out long baseLsn))
            {
                names.Add((baseLsn, name));
            }
        }

        names.Sort((a, b) => a.BaseLsn.CompareTo(b.BaseLsn));
        long firstReported = names.Count == 0 || reportFrom is null ? 0 : reportFrom(names[^1].BaseLsn);
        List<ScannedSegment> segments = [];
        Guid incarnation = Guid.Empty;
        byte[] buffer = [];
        for (int i = 0; i < names.Count; i++)
        {
            string path = Path.Combine(directory, names[i].Name);
            long expectedBase = segments.Count == 0 ? names[i].BaseLsn : segments[^1].Scan.LastLsn + 1;
            int length = ReadWhole(fs, path, ref buffer);
            ReadOnlySpan<byte> data = buffer.AsSpan(0, length);
            CorruptionFinding? finding = null;
            if (!SegmentHeader.TryDecode(data, out SegmentHeader header, out string reason))
            {
                finding = new CorruptionFinding(path, 0, expectedBase, reason);
            }
            else if (header.BaseLsn != names[i].BaseLsn || header.BaseLsn != expectedBase)
            {
                finding = new CorruptionFinding(path, 0, expectedBase,
                    $"the segment starts at LSN {header.BaseLsn} (file name says {names[i].BaseLsn}) but LSN {expectedBase} must come next: a segment is missing or foreign");
            }
            else if (segments.Count > 0 && header.Incarnation != incarnation)
            {
                finding = new CorruptionFinding(path, 0, expectedBase,
                    $"the segment belongs to journal incarnation {header.Incarnation}, not {incarnation}: it was copied in from another journal");
            }

            if (finding is not null)
            {
                return new DirectoryScan(segments, names.Count, temps, incarnation, finding);
            }

            incarnation = header.Incarnation;
            SegmentScan scan = SegmentScanner.Scan(data, header, isLast: i == names.Count - 1, onEvent, firstReported);
            segments.Add(new ScannedSegment(path, header, scan));
            if (scan.End == SegmentEnd.Corrupt)
            {
                return new DirectoryScan(segments, names.Count, temps, incarnation,
                    new CorruptionFinding(path, scan.BadOffset, scan.LastLsn + 1, scan.Reason));
            }
        }

        return new DirectoryScan(segments, names.Count, temps, incarnation, null);
    }

    private static int ReadWhole(IJournalFileSystem fs, string path, ref byte[] buffer)
    {
        using IJournalFile file = fs.Open(path, writable: false);
        long length = file.Length;
        if (length > int.MaxValue - 64)
        {
            throw new JournalCorruptException(new CorruptionFinding(path, 0, 0, $"the segment is {length} bytes, larger than any segment this journal writes"));
        }

        if (buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<byte>((int)length);
        }

        return file.Read(0, buffer.AsSpan(0, (int)length));
    }
}
