namespace EsCni.Integration.Reliability;

/// <summary>
/// Removes what fuzz cases left in the plugin's default spool, /var/lib/escni/spool: a case whose bytes mutate the
/// "spoolDir" key makes the plugin fall back to that host path when its DEL finds no daemon. Only entries that were not
/// there before are deleted, and directories only when the run created them.
/// </summary>
internal sealed class HostSpoolCleanup : IDisposable
{
    private const string Parent = "/var/lib/escni";
    private static readonly string s_spool = Path.Combine(Parent, "spool");

    private readonly bool _parentExisted = Directory.Exists(Parent);
    private readonly bool _spoolExisted = Directory.Exists(s_spool);
    private readonly HashSet<string> _before = Directory.Exists(s_spool) ? [.. Directory.GetFiles(s_spool)] : [];

    /// <summary>Entries the run left in the host's spool (deleted on dispose).</summary>
    public int Left => Directory.Exists(s_spool) ? Directory.GetFiles(s_spool).Count(f => !_before.Contains(f)) : 0;

    public void Dispose()
    {
        if (!Directory.Exists(s_spool))
        {
            return;
        }

        foreach (string file in Directory.GetFiles(s_spool).Where(f => !_before.Contains(f)))
        {
            File.Delete(file);
        }

        if (!_spoolExisted && Directory.GetFileSystemEntries(s_spool).Length == 0)
        {
            Directory.Delete(s_spool);
        }

        if (!_parentExisted && Directory.Exists(Parent) && Directory.GetFileSystemEntries(Parent).Length == 0)
        {
            Directory.Delete(Parent);
        }
    }
}
