using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EsCni.ClusterStore;

/// <summary>Names of the cluster store's streams: one per (node, journal incarnation), version == LSN.</summary>
public static class ClusterStreams
{
    /// <summary>Prefix of every node stream key.</summary>
    public const string Prefix = "escni-node:";

    /// <summary>The stream key <c>escni-node:&lt;node&gt;:&lt;incarnation:N&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The node name is empty or contains ':'.</exception>
    public static string KeyFor(string node, Guid incarnation)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        if (node.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"node name '{node}' contains ':', which separates the parts of a stream key; set NODE_NAME to the Kubernetes node name", nameof(node));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{node}:{incarnation:N}");
    }

    /// <summary>Splits a key made by <see cref="KeyFor"/>; false for any other key.</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? node, out Guid incarnation)
    {
        node = null;
        incarnation = Guid.Empty;
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int colon = key.LastIndexOf(':');
        if (colon <= Prefix.Length || !Guid.TryParseExact(key.AsSpan(colon + 1), "N", out incarnation))
        {
            return false;
        }

        node = key[Prefix.Length..colon];
        return true;
    }
}
