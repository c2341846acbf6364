using System.Text.Json;

namespace EsCni.Plugin.Commands;

/// <summary>CNI VERSION: the versions the plugin supports; needs no other environment and no valid config.</summary>
internal static class VersionCommand
{
    public static int Run(ReadOnlySpan<byte> stdin, Stream stdout)
    {
        string version = CniVersion.Latest;
        if (!stdin.IsEmpty)
        {
            try
            {
                NetConf? request = JsonSerializer.Deserialize(stdin, CniJsonContext.Default.NetConf);
                if (CniVersion.IsSupported(request?.CniVersion))
                {
                    version = request!.CniVersion!;
                }
            }
            catch (JsonException)
            {
                // libcni sends {"cniVersion": ...}; anything else still gets an answer.
            }
        }

        CniResultWriter.WriteVersion(stdout, version);
        return 0;
    }
}
