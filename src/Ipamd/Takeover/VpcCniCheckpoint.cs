using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using EsCni.Domain;

namespace EsCni.Ipamd.Takeover;

/// <summary>The VPC CNI's checkpoint (`vpc-cni-ipam/1`, pkg/ipamd/datastore/checkpoint.go): its allocations, nothing else.</summary>
/// <param name="Version">Always <see cref="FormatVersion"/>; any other value is a format this build does not know.</param>
/// <param name="Allocations">One entry per pod interface the VPC CNI wired.</param>
public sealed record VpcCniCheckpoint(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("allocations")] IReadOnlyList<VpcCniCheckpointEntry> Allocations)
{
    /// <summary>The only format the VPC CNI writes since 1.12.</summary>
    public const string FormatVersion = "vpc-cni-ipam/1";

    /// <summary>
    /// The VPC CNI's network name (its conflist's `name`), which adopted keys keep. The runtime's GC through escni's
    /// conflist covers those allocations too: after the takeover no other CNI on the node answers for them.
    /// </summary>
    public const string NetworkName = "aws-cni";

    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = false };

    /// <summary>Parses a checkpoint's text.</summary>
    /// <exception cref="FormatException">Not JSON, not <see cref="FormatVersion"/>, or an entry without its key or IP; the message says which.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static VpcCniCheckpoint Parse(string json)
    {
        VpcCniCheckpoint? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<VpcCniCheckpoint>(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a JSON checkpoint: {ex.Message}", ex);
        }

        if (parsed is null || parsed.Version != FormatVersion)
        {
            throw new FormatException($"version '{parsed?.Version}' is not {FormatVersion}");
        }

        foreach (VpcCniCheckpointEntry entry in parsed.Allocations ?? [])
        {
            // An IPv6 node's entries carry "ipv6" and no "ipv4" (datastore/checkpoint.go: both omitempty).
            bool hasAddress = entry.IsIpv6 ? Ipv6Address.TryParse(entry.Ipv6!, out _) : Ipv4Address.TryParse(entry.Ipv4, out _);
            if (string.IsNullOrEmpty(entry.ContainerId) || string.IsNullOrEmpty(entry.IfName) || !hasAddress)
            {
                throw new FormatException($"entry {entry} lacks a container id, an interface name or a valid IPv4 or IPv6 address");
            }
        }

        return parsed with { Allocations = parsed.Allocations ?? [] };
    }

    /// <summary>The checkpoint's text, as the VPC CNI writes it (compact JSON).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public string ToJson() => JsonSerializer.Serialize(this, s_options);
}

/// <summary>One allocation in a <see cref="VpcCniCheckpoint"/>; the key is (network name, container id, ifName).</summary>
public sealed record VpcCniCheckpointEntry(
    [property: JsonPropertyName("networkName")] string NetworkName,
    [property: JsonPropertyName("containerID")] string ContainerId,
    [property: JsonPropertyName("ifName")] string IfName,
    [property: JsonPropertyName("ipv4")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ipv4,
    [property: JsonPropertyName("allocationTimestamp")] long AllocationTimestampNanos,
    [property: JsonPropertyName("metadata")] VpcCniPodMetadata? Metadata)
{
    /// <summary>The pod's IPv6 address on an IPv6 node (then <see cref="Ipv4"/> is absent).</summary>
    [JsonPropertyName("ipv6")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ipv6 { get; init; }

    /// <summary>True for an IPv6 node's entry (an "ipv6" address and no "ipv4").</summary>
    [JsonIgnore]
    public bool IsIpv6 => string.IsNullOrEmpty(Ipv4) && !string.IsNullOrEmpty(Ipv6);

    /// <summary>The IP of an IPv4 entry; valid after <see cref="VpcCniCheckpoint.Parse"/>.</summary>
    [JsonIgnore]
    public Ipv4Address Ip => Ipv4Address.Parse(Ipv4 ?? string.Empty);

    /// <summary>The address of an IPv6 entry; valid after <see cref="VpcCniCheckpoint.Parse"/>.</summary>
    [JsonIgnore]
    public Ipv6Address Address => Ipv6Address.Parse(Ipv6 ?? string.Empty);

    /// <summary>The IPAM key exactly as the VPC CNI recorded it.</summary>
    [JsonIgnore]
    public IpamKey Key => new(NetworkName ?? string.Empty, ContainerId, IfName);

    /// <summary>The pod; the checkpoint has no UID.</summary>
    [JsonIgnore]
    public Pod Pod => new(Metadata?.Namespace ?? string.Empty, Metadata?.Name ?? string.Empty, string.Empty);

    /// <summary>When the VPC CNI allocated the IP (Unix nanoseconds in the file).</summary>
    [JsonIgnore]
    public DateTimeOffset AllocatedAt => DateTimeOffset.UnixEpoch.AddTicks(AllocationTimestampNanos / 100);

    // The printed form (error messages, logs) is the file's fields only: the derived Ip and Address throw on an entry of
    // the other family, and so would the record's generated ToString.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"networkName = {NetworkName}, containerID = {ContainerId}, ifName = {IfName}, ipv4 = {Ipv4}, ipv6 = {Ipv6}, ")
            .Append($"allocationTimestamp = {AllocationTimestampNanos}, pod = {Metadata?.Namespace}/{Metadata?.Name}");
        return true;
    }
}

/// <summary>The pod of a checkpoint entry.</summary>
public sealed record VpcCniPodMetadata(
    [property: JsonPropertyName("k8sPodNamespace")] string Namespace,
    [property: JsonPropertyName("k8sPodName")] string Name,
    [property: JsonPropertyName("interfacesCount")] int InterfacesCount);
