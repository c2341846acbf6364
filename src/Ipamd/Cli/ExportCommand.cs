using System.CommandLine;
using EsCni.Ipamd.Takeover;
using EsCni.Journal;
using EsCni.Projections.History;

namespace EsCni.Ipamd.Cli;

/// <summary>
/// <c>escni-ipamd export vpc-cni-checkpoint --journal DIR [--output FILE]</c>: the live allocations as a
/// <c>vpc-cni-ipam/1</c> checkpoint, so a node can be handed back to the VPC CNI the way it was taken over.
/// </summary>
/// <remarks>
/// Read-only on the journal, like the replay verbs: it may run next to the daemon or on a copied journal. Every key gets
/// the VPC CNI's network name, because after the conflist swap back the runtime's DELs carry it.
/// </remarks>
public static class ExportCommand
{
    /// <summary>Exit code when the journal cannot be read (as the replay verbs).</summary>
    public const int ExitUnreadable = 2;

    private static readonly Option<string> s_journal = new("--journal", "-j")
    {
        Description = "The journal directory: the daemon's ESCNI_JOURNAL_DIR (read live, never locked) or a copy of it",
        Required = true,
    };

    private static readonly Option<string?> s_output = new("--output", "-o") { Description = "Write the checkpoint here (via a temp file and a rename) instead of stdout" };

    /// <summary>Builds <c>export</c> with its one format.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var checkpoint = new Command("vpc-cni-checkpoint", "Write the live allocations as the VPC CNI's checkpoint (vpc-cni-ipam/1), to hand the node back") { s_journal, s_output };
        checkpoint.SetAction(parseResult =>
        {
            try
            {
                return Run(parseResult.GetValue(s_journal)!, parseResult.GetValue(s_output), stdout);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"error: cannot export {parseResult.GetValue(s_journal)}: {ex.Message}");
                return ExitUnreadable;
            }
        });
        return new Command("export", "Write the journal's state in another CNI's format (read-only on the journal)") { checkpoint };
    }

    /// <summary>Rebuilds the pool at the end of the journal and writes its allocations; returns the exit code.</summary>
    public static int Run(string journal, string? output, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        JournalReader reader = JournalReader.Open(journal);
        if (reader.LastLsn == 0 && reader.Verify().Segments == 0)
        {
            throw new DirectoryNotFoundException($"{reader.Directory} holds no journal segments (*.seg); pass the daemon's ESCNI_JOURNAL_DIR or a copy of it");
        }

        PoolState state = PoolHistory.StateAt(reader, atLsn: reader.LastLsn);
        string json = Of(state.Pool.GetAllocations(), state.Pool.GetIpv6Allocations()).ToJson();
        if (output is null)
        {
            stdout.WriteLine(json);
            return 0;
        }

        // As the VPC CNI writes it: a temp file in the same directory, then a rename, so a reader never sees half a file.
        string temp = output + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, output, overwrite: true);
        return 0;
    }

    /// <summary>The checkpoint of these allocations: an IPv6 pod's entry carries "ipv6" and no "ipv4", as an IPv6 node's VPC CNI writes it.</summary>
    public static VpcCniCheckpoint Of(IReadOnlyList<Allocation> allocations, IReadOnlyList<Ipv6Allocation> ipv6Allocations) => new(
        VpcCniCheckpoint.FormatVersion,
        [
            .. allocations.Select(a => Entry(a.Key, a.Pod, a.AllocatedAt, a.Ip.ToString(), ipv6: null)),
            .. ipv6Allocations.Select(a => Entry(a.Key, a.Pod, a.AllocatedAt, ipv4: null, a.Address.ToString())),
        ]);

    private static VpcCniCheckpointEntry Entry(IpamKey key, Pod pod, DateTimeOffset allocatedAt, string? ipv4, string? ipv6) =>
        new(VpcCniCheckpoint.NetworkName, key.ContainerId, key.IfName, ipv4, (allocatedAt - DateTimeOffset.UnixEpoch).Ticks * 100, new VpcCniPodMetadata(pod.Namespace, pod.Name, 1))
        {
            Ipv6 = ipv6,
        };
}
