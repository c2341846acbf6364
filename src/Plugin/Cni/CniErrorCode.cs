namespace EsCni.Plugin.Cni;

/// <summary>The error codes of the CNI specification (0–99 reserved) that the plugin returns.</summary>
internal static class CniErrorCode
{
    public const int IncompatibleVersion = 1;
    public const int InvalidEnvironment = 4;
    public const int IoFailure = 5;
    public const int DecodingFailure = 6;
    public const int InvalidNetworkConfig = 7;
    public const int TryAgainLater = 11;
    public const int NotReady = 50;

    /// <summary>libcni's ErrInternal: everything the spec has no code for (daemon errors, netlink failures).</summary>
    public const int Internal = 999;
}
