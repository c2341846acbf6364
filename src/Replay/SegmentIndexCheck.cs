using EsCni.Journal.Indexing;
using EsCni.Projections.Ownership;

namespace EsCni.Replay;

/// <summary>
/// The state of the who-had indexes (<see cref="OwnershipIndexes.All"/>) of a journal's sealed segments, for <c>replay verify</c> and <c>replay index</c>.
/// Derived data: a damaged or stale index is a warning with what to do, never a finding (who-had scans that segment).
/// </summary>
/// <param name="Sealed">Sealed segments.</param>
/// <param name="Indexed">Of those, how many have every kind of index, usable.</param>
/// <param name="Missing">How many lack one kind or more (a journal from before indexes or before the <c>.ipv6</c> one, or not written yet).</param>
/// <param name="Warnings">One line per damaged or stale index: which file, what is wrong, what to do.</param>
internal sealed record SegmentIndexCheck(int Sealed, int Indexed, int Missing, IReadOnlyList<string> Warnings)
{
    /// <summary>Checks every sealed segment's index against the segment as it is on disk.</summary>
    public static SegmentIndexCheck Run(JournalReader reader)
    {
        List<string> warnings = [];
        int sealedCount = 0, indexed = 0, missing = 0;
        foreach (JournalSegment segment in reader.Segments.Where(s => s.Sealed))
        {
            sealedCount++;
            bool usable = true, absent = false;
            foreach (SegmentIndexDefinition index in OwnershipIndexes.All)
            {
                switch (reader.CheckIndex(segment, index))
                {
                    case null:
                        break;
                    case "missing":
                        (usable, absent) = (false, true);
                        break;
                    case { } problem:
                        usable = false;
                        warnings.Add($"{index.PathFor(segment)} is not used: {problem}; who-had scans that segment meanwhile. "
                            + $"Run `escni-ipamd replay index --journal {reader.Directory}` (or restart the daemon) to rewrite it");
                        break;
                }
            }

            indexed += usable ? 1 : 0;
            missing += absent ? 1 : 0;
        }

        return new SegmentIndexCheck(sealedCount, indexed, missing, warnings);
    }

    /// <summary>
    /// False for a journal that has never been indexed and has nothing wrong (one from before indexes existed): its
    /// report stays exactly what that release printed.
    /// </summary>
    public bool WorthReporting => Indexed > 0 || Warnings.Count > 0;

    /// <summary>One line for a report: how many sealed segments are indexed and what to run for the rest.</summary>
    public string Summary(string directory) => string.Create(CultureInfo.InvariantCulture,
        $"who-had index: {Indexed} of {Sealed} sealed segment(s) indexed")
        + (Missing == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $", {Missing} without one (scanned by who-had; `escni-ipamd replay index --journal {directory}` writes them)"));
}
