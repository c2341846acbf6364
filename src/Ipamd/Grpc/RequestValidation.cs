using Grpc.Core;

namespace EsCni.Ipamd.Grpc;

/// <summary>Checks request fields before they reach the pool or the journal; a bad field is InvalidArgument naming it.</summary>
/// <remarks>The socket is root-only, but a bug in a caller must not write a 1 MiB container id into the journal.</remarks>
internal static class RequestValidation
{
    private const int MaxIdLength = 256;      // container ids are 64 hex chars; leave room for other runtimes
    private const int MaxIfNameLength = 15;   // IFNAMSIZ - 1
    private const int MaxNetnsLength = 4096;  // PATH_MAX

    public static IpamKey Key(string networkName, string containerId, string ifName)
    {
        string network = Required(networkName, "network_name");
        string container = Required(containerId, "container_id");
        string name = Required(ifName, "if_name");
        if (name.Length > MaxIfNameLength || name is "." or ".." || name.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw Invalid($"if_name '{Shorten(name)}' is not a valid interface name: at most {MaxIfNameLength} characters, no '/', ':' or spaces, not '.' or '..'");
        }

        return new IpamKey(network, container, name);
    }

    public static void Netns(string netns)
    {
        if (netns.Length > MaxNetnsLength || netns.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid($"netns '{Shorten(netns)}' is not a usable path (at most {MaxNetnsLength} characters, no NUL)");
        }
    }

    public static string Required(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid($"{field} is empty; the plugin must send it");
        }

        return Bounded(value, field);
    }

    public static string Bounded(string value, string field)
    {
        if (value.Length > MaxIdLength || value.Any(char.IsControl))
        {
            throw Invalid($"{field} '{Shorten(value)}' is longer than {MaxIdLength} characters or contains control characters");
        }

        return value;
    }

    public static string RequestId(string requestId) =>
        string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString("N") : Bounded(requestId, "request_id");

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
