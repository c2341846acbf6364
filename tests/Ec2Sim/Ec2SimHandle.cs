using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ec2Sim.NodeNetns;
using EsCni.Ec2Sim.Recording;
using Microsoft.AspNetCore.Builder;

namespace EsCni.Ec2Sim;

/// <summary>A running simulator: its endpoint, its live state and its call recording. Dispose to stop it.</summary>
public sealed class Ec2SimHandle : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NodeHotplug? _hotplug;

    internal Ec2SimHandle(WebApplication app, Uri endpoint, Simulator simulator, NodeHotplug? hotplug)
    {
        _app = app;
        Endpoint = endpoint;
        Simulator = simulator;
        _hotplug = hotplug;
    }

    /// <summary>http://127.0.0.1:N/ — the SDK's ServiceURL and AWS_EC2_METADATA_SERVICE_ENDPOINT alike.</summary>
    public Uri Endpoint { get; }

    /// <summary>The live simulated world (ENIs, IPs, faults).</summary>
    public Simulator Simulator { get; }

    /// <summary>Every EC2 and IMDS call served.</summary>
    public CallRecording Calls => Simulator.Calls;

    /// <summary>The node namespace it maintains, or null.</summary>
    public string? NodeNetns => _hotplug?.Netns;

    /// <summary>Failures of node hotplug `ip` commands so far (empty without --node-netns).</summary>
    public IReadOnlyList<string> HotplugErrors => _hotplug?.Errors ?? [];

    /// <summary>Stops serving, then undoes the node namespace changes.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
        if (_hotplug is not null)
        {
            await _hotplug.DisposeAsync();
        }
    }
}
