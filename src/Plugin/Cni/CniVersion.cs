namespace EsCni.Plugin.Cni;

/// <summary>The spec versions the plugin speaks and how results differ between them.</summary>
internal static class CniVersion
{
    /// <summary>What VERSION reports and ADD/DEL/CHECK accept; 0.4.0 is the first with CHECK.</summary>
    public static readonly string[] Supported = ["0.4.0", "1.0.0", "1.1.0"];

    /// <summary>The version assumed when the runtime does not send one on VERSION or on an error path.</summary>
    public const string Latest = "1.1.0";

    public static bool IsSupported(string? version) => version is not null && Array.IndexOf(Supported, version) >= 0;

    /// <summary>Below 1.0.0 every ips[] entry carries "version": "4" | "6".</summary>
    public static bool IpsCarryVersion(string version) => version == "0.4.0";

    /// <summary>1.1.0 added interface "mtu" (and route mtu/advmss/priority/table/scope).</summary>
    public static bool InterfacesCarryMtu(string version) => version == "1.1.0";

    /// <summary>STATUS and GC exist from 1.1.0 on; an older config cannot ask for them.</summary>
    public static bool HasStatusAndGc(string version) => version == "1.1.0";

    /// <summary>Throws code 1 (incompatible version) unless <paramref name="version"/> is supported.</summary>
    public static void Require(string? version)
    {
        if (!IsSupported(version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                "incompatible CNI versions",
                $"config is \"{version ?? "(missing cniVersion)"}\", plugin supports [{string.Join(", ", Supported)}]");
        }
    }
}
