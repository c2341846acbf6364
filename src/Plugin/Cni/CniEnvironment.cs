namespace EsCni.Plugin.Cni;

/// <summary>The CNI_* environment of one invocation, validated for the command it names.</summary>
internal sealed class CniEnvironment
{
    private CniEnvironment(
        CniCommand command, string containerId, string netns, string ifName, IReadOnlyDictionary<string, string> args)
    {
        Command = command;
        ContainerId = containerId;
        Netns = netns;
        IfName = ifName;
        Args = args;
    }

    public CniCommand Command { get; }

    public string ContainerId { get; }

    /// <summary>The pod's namespace path; may be empty on DEL (runtime already tore it down).</summary>
    public string Netns { get; }

    public string IfName { get; }

    /// <summary>CNI_ARGS as key/value pairs (K8S_POD_NAMESPACE, K8S_POD_NAME, IgnoreUnknown, ...).</summary>
    public IReadOnlyDictionary<string, string> Args { get; }

    public string Arg(string key) => Args.TryGetValue(key, out string? value) ? value : "";

    /// <summary>Reads CNI_COMMAND only, so VERSION works without the rest of the environment.</summary>
    public static CniCommand ReadCommand(Func<string, string?> variable)
    {
        string? command = variable("CNI_COMMAND");
        if (CniCommandVerb.TryParse(command, out CniCommand parsed))
        {
            return parsed;
        }

        throw Invalid(string.IsNullOrEmpty(command)
            ? $"CNI_COMMAND is not set; set it to {CniCommandVerb.Choices}"
            : $"CNI_COMMAND '{command}' is not a CNI verb; use {CniCommandVerb.Choices}");
    }

    /// <summary>Reads and validates the variables <paramref name="command"/> needs (spec "Parameters").</summary>
    public static CniEnvironment Read(CniCommand command, Func<string, string?> variable)
    {
        bool attachment = command is CniCommand.Add or CniCommand.Del or CniCommand.Check;
        string containerId = variable("CNI_CONTAINERID") ?? "";
        string netns = variable("CNI_NETNS") ?? "";
        string ifName = variable("CNI_IFNAME") ?? "";
        if (attachment)
        {
            ValidateContainerId(containerId);
            ValidateIfName(ifName);
            if (command != CniCommand.Del && netns.Length == 0)
            {
                throw Invalid($"CNI_NETNS is not set; {command.Verb()} needs the pod's network namespace path");
            }
        }

        return new CniEnvironment(command, containerId, netns, ifName, ParseArgs(variable("CNI_ARGS") ?? ""));
    }

    /// <summary>Parses CNI_ARGS "K1=V1;K2=V2"; empty entries are skipped, a pair without '=' is an error.</summary>
    public static IReadOnlyDictionary<string, string> ParseArgs(string text)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid($"CNI_ARGS entry '{pair}' is not KEY=VALUE; separate pairs with ';'");
            }

            args[pair[..equals]] = pair[(equals + 1)..];
        }

        return args;
    }

    // The spec's container id grammar: ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$.
    private static void ValidateContainerId(string containerId)
    {
        if (containerId.Length == 0)
        {
            throw Invalid("CNI_CONTAINERID is not set; the runtime must pass the container id");
        }

        for (int i = 0; i < containerId.Length; i++)
        {
            char c = containerId[i];
            bool ok = char.IsAsciiLetterOrDigit(c) || (i > 0 && c is '_' or '.' or '-');
            if (!ok)
            {
                throw Invalid($"CNI_CONTAINERID '{containerId}' has '{c}' at {i}; allowed: [a-zA-Z0-9][a-zA-Z0-9_.-]*");
            }
        }
    }

    // IFNAMSIZ is 16 including the NUL; the kernel also refuses '/', ':' and whitespace (dev_valid_name).
    private static void ValidateIfName(string ifName)
    {
        if (ifName.Length == 0)
        {
            throw Invalid("CNI_IFNAME is not set; pass the interface name to create in the pod, e.g. eth0");
        }

        if (ifName.Length > 15)
        {
            throw Invalid($"CNI_IFNAME '{ifName}' is {ifName.Length} characters; interface names are at most 15");
        }

        if (ifName is "." or ".." || ifName.AsSpan().IndexOfAny("/: \t\n\r") >= 0 || !Ascii(ifName))
        {
            throw Invalid($"CNI_IFNAME '{ifName}' is not a valid interface name (no '/', ':', whitespace, '.' or '..')");
        }
    }

    private static bool Ascii(string text)
    {
        foreach (char c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidEnvironment, message);
}
