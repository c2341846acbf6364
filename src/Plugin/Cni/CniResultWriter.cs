using System.Text.Json;

namespace EsCni.Plugin.Cni;

/// <summary>Prints results, errors and VERSION answers on stdout in the version the config asked for.</summary>
/// <remarks>
/// libcni reads cniVersion from our stdout and hands the object to the next chained plugin, so a result
/// must be exactly the config's version: a 1.1.0 shape under a 1.0.0 conflist breaks 1.0-era plugins.
/// </remarks>
internal static class CniResultWriter
{
    public static void WriteResult(Stream stdout, CniResult result, string version)
    {
        result.CniVersion = version;
        foreach (CniIpConfig ip in result.Ips ?? [])
        {
            ip.Version = CniVersion.IpsCarryVersion(version) ? (ip.Address?.Contains(':') == true ? "6" : "4") : null;
        }

        if (!CniVersion.InterfacesCarryMtu(version))
        {
            foreach (CniInterface link in result.Interfaces ?? [])
            {
                link.Mtu = null;
            }
        }

        CniResultJson.Write(stdout, result);
    }

    public static void WriteError(Stream stdout, CniException error, string? version)
    {
        var json = new CniError
        {
            CniVersion = CniVersion.IsSupported(version) ? version : CniVersion.Latest,
            Code = error.Code,
            Message = error.Message,
            Details = error.Details,
        };
        JsonSerializer.Serialize(stdout, json, CniJsonContext.Output.CniError);
    }

    public static void WriteVersion(Stream stdout, string version)
    {
        var json = new CniVersionResult { CniVersion = version, SupportedVersions = CniVersion.Supported };
        JsonSerializer.Serialize(stdout, json, CniJsonContext.Output.CniVersionResult);
    }
}
