using System.Text;

namespace EsCni.Plugin.Spool;

/// <summary>
/// The spool file of an IPAM key: <c>del-</c> + SHA-1 hex of "network\ncontainerId\nifName" + <c>.json</c>.
/// </summary>
/// <remarks>
/// Container ids and interface names come from the runtime and may hold any byte, so they are never used as a path;
/// the hash gives a fixed-length, safe name the daemon computes the same way (src/Ipamd/Spool/SpoolFileName.cs) to
/// check for a key's entry with one stat before an ADD. '\n' cannot appear in a CNI name, so keys never collide by
/// concatenation.
/// </remarks>
internal static class SpoolFileName
{
    public const string Prefix = "del-";
    public const string Suffix = ".json";

    public static string For(string networkName, string containerId, string ifName)
    {
        Span<byte> hash = stackalloc byte[Sha1.HashSize];
        Sha1.HashData(Encoding.UTF8.GetBytes($"{networkName}\n{containerId}\n{ifName}"), hash);
        return Prefix + Convert.ToHexStringLower(hash) + Suffix;
    }
}
