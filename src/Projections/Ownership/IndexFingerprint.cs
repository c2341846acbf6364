namespace EsCni.Projections.Ownership;

/// <summary>
/// The fingerprint of a who-had index's classification (docs/journal-format.md §10): FNV-1a over a probe version and
/// how every type id is filed, so a build that files any type differently writes indexes older builds never trust.
/// </summary>
internal static class IndexFingerprint
{
    /// <summary>Hashes <paramref name="probeVersion"/> and <paramref name="filed"/> of every type id 0..65535.</summary>
    public static uint Of(byte probeVersion, Func<ushort, byte> filed)
    {
        uint hash = 2166136261;
        hash = (hash ^ probeVersion) * 16777619;
        for (int type = 0; type <= ushort.MaxValue; type++)
        {
            hash = (hash ^ filed((ushort)type)) * 16777619;
        }

        return hash;
    }
}
