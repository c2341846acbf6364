using System.Collections.Generic;

namespace EsCni.Ec2Sim.Model;

/// <summary>An ENI that exists when the simulator starts (the primary ENI, an extra attached one, or a detached one).</summary>
public sealed record ScenarioEni
{
    /// <summary>eni-… id; generated when null.</summary>
    public string? Id { get; init; }

    /// <summary>Its subnet; the instance's subnet when null.</summary>
    public string? SubnetId { get; init; }

    /// <summary>Device index for an extra attached ENI (1 or more); ignored for the primary ENI (always 0).</summary>
    public int DeviceIndex { get; init; }

    /// <summary>MAC address; derived from the primary IP (02:00:a:b:c:d) when null.</summary>
    public string? Mac { get; init; }

    /// <summary>Primary private IPv4 address; the subnet's lowest free one when null.</summary>
    public string? PrimaryIp { get; init; }

    /// <summary>Secondary private IPv4 addresses already assigned.</summary>
    public IReadOnlyList<string> SecondaryIps { get; init; } = [];

    /// <summary>Delegated /28 prefixes already assigned.</summary>
    public IReadOnlyList<string> Ipv4Prefixes { get; init; } = [];

    /// <summary>ENI description.</summary>
    public string Description { get; init; } = "";

    /// <summary>ENI tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Security groups; the instance's when null.</summary>
    public IReadOnlyList<string>? SecurityGroups { get; init; }
}
