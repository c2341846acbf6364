using System;
using EsCni.Ec2Sim.Faults;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim;

/// <summary>How to start a simulator (the command line maps onto this one to one).</summary>
public sealed record SimOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (--port).</summary>
    public int Port { get; init; }

    /// <summary>The world to simulate; <see cref="Scenario.Default"/> when null (--scenario FILE loads one).</summary>
    public Scenario? Scenario { get; init; }

    /// <summary>A network namespace to make look like the instance (--node-netns); created if missing. Needs root.</summary>
    public string? NodeNetns { get; init; }

    /// <summary>Faults at start (--throttle-rate, --error-rate, --latency-ms); changeable later.</summary>
    public FaultSettings Faults { get; init; } = new();

    /// <summary>Seed for generated ids and rate-based faults; null: random each run.</summary>
    public int? Seed { get; init; }

    /// <summary>The simulator's clock (token expiry, IMDS lag, delays).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
