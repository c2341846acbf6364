using System.Security.Cryptography;
using System.Text;

namespace EsCni.Ipamd.Spool;

/// <summary>
/// The spool file of an IPAM key: <c>del-</c> + SHA-1 hex of "network\ncontainerId\nifName" + <c>.json</c>, exactly as
/// the plugin names it (src/Plugin/Spool/SpoolFileName.cs), so an ADD checks its key's entry with one stat.
/// </summary>
/// <remarks>SHA-1 only makes an arbitrary runtime-supplied key a safe, fixed-length file name; nothing relies on it being secret.</remarks>
public static class SpoolFileName
{
    /// <summary>Every entry's name starts with this; other files (temp files, moved-aside entries) are not entries.</summary>
    public const string Prefix = "del-";

    /// <summary>Every entry's name ends with this.</summary>
    public const string Suffix = ".json";

    /// <summary>The entry's file name for <paramref name="key"/>.</summary>
    public static string For(IpamKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
#pragma warning disable CA5350 // a file name, not a security use (see remarks)
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{key.NetworkName}\n{key.ContainerId}\n{key.IfName}"));
#pragma warning restore CA5350
        return Prefix + Convert.ToHexStringLower(hash) + Suffix;
    }

    /// <summary>True for a complete entry's name (not a plugin's <c>.tmp</c> or an entry moved aside).</summary>
    public static bool IsEntry(string fileName) =>
        fileName.StartsWith(Prefix, StringComparison.Ordinal) && fileName.EndsWith(Suffix, StringComparison.Ordinal);
}
