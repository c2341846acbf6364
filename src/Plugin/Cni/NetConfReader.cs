using System.Text.Json;

namespace EsCni.Plugin.Cni;

/// <summary>Reads the network configuration from stdin and validates what the plugin relies on.</summary>
internal static class NetConfReader
{
    /// <summary>Reads stdin to its end.</summary>
    /// <remarks>
    /// Not <see cref="Stream.CopyTo(Stream)"/>: its 80 KiB buffer comes from the shared array pool as a fresh 128 KiB
    /// large-object array, which a process that reads one ~1 KiB config and exits pays for on every call.
    /// </remarks>
    public static byte[] ReadAll(Stream stdin)
    {
        try
        {
            byte[] buffer = new byte[4096];
            int length = 0;
            int read;
            while ((read = stdin.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        catch (IOException e)
        {
            throw new CniException(CniErrorCode.IoFailure, "could not read the network configuration from stdin", e.Message, e);
        }
    }

    /// <summary>Decodes the JSON (code 6 on failure) without judging its content.</summary>
    public static NetConf Decode(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new CniException(
                CniErrorCode.DecodingFailure,
                "no network configuration on stdin",
                "the runtime must write the plugin's JSON configuration to stdin");
        }

        if (NetConfScalarReader.TryRead(json) is { } common)
        {
            return common;
        }

        try
        {
            return JsonSerializer.Deserialize(json, CniJsonContext.Default.NetConf)
                ?? throw new CniException(CniErrorCode.DecodingFailure, "the network configuration is JSON null");
        }
        catch (JsonException e)
        {
            string where = e.Path is null ? "" : $" at {e.Path}";
            throw new CniException(
                CniErrorCode.DecodingFailure,
                $"the network configuration is not valid JSON{where}",
                e.Message,
                e);
        }
    }

    /// <summary>Checks version (code 1) and the plugin's own keys (code 7), naming key and value.</summary>
    public static void Validate(NetConf config)
    {
        CniVersion.Require(config.CniVersion);
        if (string.IsNullOrEmpty(config.Name))
        {
            throw Invalid("network configuration has no \"name\"; the runtime injects the conflist's name");
        }

        if (config.Mtu is { } mtu && (mtu < 68 || mtu > 65535))
        {
            throw Invalid($"\"mtu\": {mtu} is outside 68..65535; use the ENI's MTU (9001) or leave it out");
        }

        if (config.IpamdSocket is { } socket && !socket.StartsWith('/'))
        {
            throw Invalid($"\"ipamdSocket\": \"{socket}\" is not an absolute path; use e.g. {NetConf.DefaultIpamdSocket}");
        }

        if (config.SpoolDir is { } spool && !spool.StartsWith('/'))
        {
            throw Invalid($"\"spoolDir\": \"{spool}\" is not an absolute path; use the daemon's ESCNI_SPOOL_DIR, e.g. {NetConf.DefaultSpoolDir}");
        }

        if (config.DelDaemonWaitSeconds is { } wait && !(wait >= 0 && wait <= NetConf.MaxDelDaemonWaitSeconds))
        {
            throw Invalid($"\"delDaemonWaitSeconds\": {wait} is outside 0..{NetConf.MaxDelDaemonWaitSeconds}; leave it out for {NetConf.DefaultDelDaemonWaitSeconds} s");
        }

        if (config.LogLevel is { } level && !Logging.PluginLog.TryParseLevel(level, out _))
        {
            throw Invalid($"\"logLevel\": \"{level}\" is not one of debug, info, warn, error");
        }
    }

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidNetworkConfig, message);
}
