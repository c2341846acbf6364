using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsCni.Ec2Sim.Model;

/// <summary>What the simulated world looks like at start: VPC, subnets, the instance and its ENIs. See README.md for the JSON.</summary>
public sealed record Scenario
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt key would otherwise silently fall back to a default and the test would test something else.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Region reported by IMDS (placement/region).</summary>
    public string Region { get; init; } = "us-west-2";

    /// <summary>AWS account id that owns everything.</summary>
    public string OwnerId { get; init; } = "111122223333";

    /// <summary>The VPC.</summary>
    public ScenarioVpc Vpc { get; init; } = new();

    /// <summary>Its subnets.</summary>
    public IReadOnlyList<ScenarioSubnet> Subnets { get; init; } = [new()];

    /// <summary>The instance.</summary>
    public ScenarioInstance Instance { get; init; } = new();

    /// <summary>Detached ENIs that exist at start, e.g. leaked ones a cleanup job should find.</summary>
    public IReadOnlyList<ScenarioEni> AvailableEnis { get; init; } = [];

    /// <summary>The built-in scenario (tests/Ec2Sim/scenarios/default.json is the same thing written out).</summary>
    public static Scenario Default { get; } = new();

    /// <summary>Reads and validates a scenario file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks a rule; the message says which and where.</exception>
    public static Scenario Load(string path)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"scenario file {path} is not valid: {e.Message}; see tests/Ec2Sim/README.md for the format.", e);
        }
        if (scenario is null)
        {
            throw new InvalidDataException($"scenario file {path} holds JSON null; write an object as in tests/Ec2Sim/scenarios/default.json.");
        }
        return scenario;
    }

    /// <summary>Serializes the scenario in the file format.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);
}
