using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using EsCni.Ec2Sim;
using EsCni.Ec2Sim.Recording;
using EsCni.Cloud;
using Xunit;

namespace EsCni.Testing;

/// <summary>A running EC2/IMDS simulator (real Kestrel on 127.0.0.1) with the daemon's real clients pointed at it.</summary>
public sealed class SimulatedCloud : IAsyncDisposable
{
    /// <summary>The default scenario's instance.</summary>
    public const string InstanceId = "i-0sim00000000000001";

    /// <summary>The default scenario's subnet.</summary>
    public const string SubnetId = "subnet-0sim000000000001";

    /// <summary>The default scenario's primary ENI MAC.</summary>
    public const string PrimaryMac = "02:00:0a:0a:00:0a";

    private readonly IAsyncDisposable _host;
    private readonly HttpClient _admin;

    private SimulatedCloud(IAsyncDisposable host, Uri endpoint, Simulator simulator, Ec2ClientOptions options, ImdsClient imds, Ec2Api ec2, InMemoryEc2CallObserver ledger)
    {
        _host = host;
        Endpoint = endpoint;
        Simulator = simulator;
        Options = options;
        Imds = imds;
        Ec2 = ec2;
        Ledger = ledger;
        _admin = new HttpClient { BaseAddress = endpoint };
    }

    public Uri Endpoint { get; }

    public Simulator Simulator { get; }

    public Ec2ClientOptions Options { get; }

    public ImdsClient Imds { get; }

    public Ec2Api Ec2 { get; }

    public InMemoryEc2CallObserver Ledger { get; }

    /// <summary>Options fast enough for tests: generous buckets, short backoff, short attempt timeout.</summary>
    public static Ec2ClientOptions FastOptions(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        Region = "us-west-2",
        Credentials = new BasicAWSCredentials("AKIDESCNITEST", "escni-test-secret"),
        DescribeRateLimit = new Ec2RateLimitOptions { TokensPerSecond = 50, Burst = 20 },
        MutateRateLimit = new Ec2RateLimitOptions { TokensPerSecond = 20, Burst = 10 },
        Retry = new Ec2RetryOptions { MaxRetries = 6, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(500) },
        AttemptTimeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>
    /// Starts a simulator with the default scenario and builds the clients; <paramref name="configure"/> adjusts the EC2
    /// options. The clocks default to the system's: <paramref name="imdsTime"/> is the IMDS client's,
    /// <paramref name="ec2Time"/> the EC2 client's (tags, backoff, token bucket), <paramref name="simTime"/> the simulator's.
    /// </summary>
    public static async Task<SimulatedCloud> StartAsync(
        Action<Ec2ClientOptions>? configure = null, ImdsOptions? imdsOptions = null, TimeProvider? imdsTime = null, int port = 0, TimeProvider? ec2Time = null, TimeProvider? simTime = null,
        Ec2Sim.Model.Scenario? scenario = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var simOptions = new SimOptions { Port = port, Time = simTime ?? TimeProvider.System };
        var host = await Ec2SimHost.StartAsync(scenario is null ? simOptions : simOptions with { Scenario = scenario }, cts.Token);
        Ec2ClientOptions options = FastOptions(host.Endpoint);
        configure?.Invoke(options);
        imdsOptions ??= new ImdsOptions();
        imdsOptions.Endpoint = host.Endpoint;
        var imds = new ImdsClient(imdsOptions, imdsTime ?? TimeProvider.System);
        var ledger = new InMemoryEc2CallObserver();
        Ec2Api ec2 = await Ec2ClientFactory.CreateApiAsync(options, imds, ledger, ec2Time ?? TimeProvider.System, cts.Token);
        return new SimulatedCloud(host, host.Endpoint, host.Simulator, options, imds, ec2, ledger);
    }

    /// <summary>Changes faults through the simulator's admin endpoint (PUT merges the given fields).</summary>
    public async Task SetFaultsAsync(object patch)
    {
        using HttpResponseMessage response = await _admin.PutAsJsonAsync("/admin/faults", patch);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/faults answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>EC2 calls the simulator served, optionally of one action.</summary>
    public IReadOnlyList<CallRecord> Ec2Calls(string? action = null) =>
        Simulator.Calls.Snapshot().Where(c => c.Api == "ec2" && (action is null || c.Action == action)).ToArray();

    /// <summary>IMDS calls the simulator served.</summary>
    public IReadOnlyList<CallRecord> ImdsCalls() => Simulator.Calls.Snapshot().Where(c => c.Api == "imds").ToArray();

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Ec2.DisposeAsync();
        Imds.Dispose();
        await _host.DisposeAsync();
    }
}
