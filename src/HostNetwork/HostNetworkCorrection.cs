namespace EsCni.HostNetwork;

/// <summary>One thing host networking found wrong and fixed; the daemon records each as an event and logs it.</summary>
/// <param name="Kind">Which part was repaired.</param>
/// <param name="Subject">What it concerned: an ENI id, a link name, or the chain name.</param>
/// <param name="Found">What the host had (or "missing").</param>
/// <param name="Applied">What was put in its place, as the command's words.</param>
public sealed record HostNetworkCorrection(HostNetworkCorrectionKind Kind, string Subject, string Found, string Applied)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Subject}: found {Found}; applied {Applied}";
}
