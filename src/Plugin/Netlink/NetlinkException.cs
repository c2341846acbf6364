namespace EsCni.Plugin.Netlink;

/// <summary>A netlink request the kernel refused, or a netlink syscall that failed.</summary>
internal sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno, string? kernelMessage)
        : base(Describe(operation, errno, kernelMessage))
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was attempted, e.g. "RTM_NEWROUTE 10.0.3.7/32 dev eni1a2b3c4d5e6".</summary>
    public string Operation { get; }

    /// <summary>The positive errno value (EEXIST = 17, ...).</summary>
    public int Errno { get; }

    /// <summary>The kernel's extended-ack text, when it gave one.</summary>
    public string? KernelMessage { get; }

    private static string Describe(string operation, int errno, string? kernelMessage)
    {
        string name = Errnos.Name(errno);
        string code = name.StartsWith("errno", StringComparison.Ordinal) ? name : $"{name} (errno {errno})";
        return kernelMessage is null
            ? $"{operation} failed: {code}"
            : $"{operation} failed: {code}: {kernelMessage}";
    }
}
