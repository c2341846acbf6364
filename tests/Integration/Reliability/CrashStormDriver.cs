using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;

namespace EsCni.Integration.Reliability;

/// <summary>
/// Plays a container runtime against one node: pods (network namespaces) come and go through the real plugin, with a
/// fixed number of CNI calls in flight; DEL follows every ADD (with prevResult when the ADD succeeded), as
/// containerd does; CNI GC runs with the runtime's list of valid attachments after each daemon restart. The workers
/// can be paused, so the ledger and the daemon can be compared while nothing is in flight.
/// </summary>
internal sealed class CrashStormDriver : IDisposable
{
    private readonly NodeStack _stack;
    private readonly PluginRunner _plugin;
    private readonly JsonObject _config;
    private readonly int _inFlight;
    private readonly SemaphoreSlim _execSlots;    // a CNI call and its ledger entry hold one; GC and a pause take every slot
    private readonly ConcurrentBag<(string Key, NetworkNamespace Pod, string Result)> _kept = [];
    private readonly ConcurrentDictionary<int, int> _addFailureCodes = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _next;
    private int _pods;

    public CrashStormDriver(NodeStack stack, int inFlight, double delDaemonWaitSeconds)
    {
        _stack = stack;
        _plugin = new PluginRunner(stack);
        _inFlight = inFlight;
        _execSlots = new SemaphoreSlim(inFlight, inFlight);
        _config = _plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        _config["cniVersion"] = "1.1.0";
        _config["name"] = "escni";
        _config["logLevel"] = "info";
        _config["delDaemonWaitSeconds"] = delDaemonWaitSeconds;
    }

    public AllocationLedger Ledger { get; } = new();

    public int Pods => _pods;

    public int GcRuns { get; private set; }

    /// <summary>ADD failures by CNI error code (the daemon was down, or had no IP yet).</summary>
    public IReadOnlyDictionary<int, int> AddFailureCodes => _addFailureCodes;

    /// <summary>Plugin misbehaviour seen by the driver (a failed DEL, an error that is not CNI error JSON).</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Pods still attached when the driver stopped: key, namespace, ADD result.</summary>
    public IReadOnlyCollection<(string Key, NetworkNamespace Pod, string Result)> Kept => _kept;

    public void Dispose() => _execSlots.Dispose();

    /// <summary>Runs the workers until <paramref name="stop"/>; each leaves its last pod attached when stopped after an ADD.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, _inFlight).Select(worker => Task.Run(() => WorkAsync(worker, stop), CancellationToken.None)));

    /// <summary>
    /// Waits until no CNI call is in flight and every finished one is in the ledger, and holds the workers there until
    /// the returned handle is disposed.
    /// </summary>
    public async Task<IDisposable> PauseAsync()
    {
        for (int i = 0; i < _inFlight; i++)
        {
            await _execSlots.WaitAsync();
        }

        return new Resume(_execSlots, _inFlight);
    }

    /// <summary>CNI GC with every attachment the runtime still knows as valid, while no other CNI call runs.</summary>
    public async Task GcAsync()
    {
        using (await PauseAsync())
        {
            var valid = new JsonArray(Ledger.Unsettled().Select(key => (JsonNode)new JsonObject { ["containerID"] = key, ["ifname"] = "eth0" }).ToArray());
            JsonObject config = _config.DeepClone().AsObject();
            config["cni.dev/valid-attachments"] = valid;
            PluginResult gc = await _plugin.ExecAsync("escni", "GC", config, string.Empty, string.Empty);
            if (gc.ExitCode != 0)
            {
                _violations.Enqueue($"GC with {valid.Count} valid attachment(s) failed: {gc}");
            }

            GcRuns++;
        }
    }

    /// <summary>DELs every kept pod (with its prevResult) and deletes its namespace.</summary>
    public async Task DeleteKeptAsync()
    {
        foreach ((string key, NetworkNamespace pod, string result) in _kept)
        {
            Ledger.Deleting(key);
            await DeleteAsync(key, pod, result);
            pod.Dispose();
        }

        _kept.Clear();
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            string key = $"storm-{Interlocked.Increment(ref _next)}";
            NetworkNamespace pod = NetworkNamespace.Create("escni-rel");
            Interlocked.Increment(ref _pods);
            Ledger.Started(key);
            PluginResult add = await ExecAsync("ADD", _config, key, pod.Path, added =>
            {
                if (added.ExitCode == 0)
                {
                    using JsonDocument json = added.Json();
                    string address = json.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!;
                    Ledger.AddAcknowledged(key, address[..address.IndexOf('/', StringComparison.Ordinal)]);
                }
            });
            string? result = null;
            if (add.ExitCode == 0)
            {
                result = add.Stdout;
                if (stop.IsCancellationRequested)
                {
                    _kept.Add((key, pod, result));
                    return;
                }

                await Task.Delay(random.Next(0, 400), CancellationToken.None);
            }
            else
            {
                _addFailureCodes.AddOrUpdate(CniErrorCodeOf(add), 1, (_, n) => n + 1);

                // A kubelet backs off before the next sandbox; hammering a restarting daemon only slows its start.
                await Task.Delay(random.Next(300, 600), CancellationToken.None);
            }

            Ledger.Deleting(key);
            await DeleteAsync(key, pod, result);
            pod.Dispose();
        }
    }

    private async Task DeleteAsync(string key, NetworkNamespace pod, string? addResult)
    {
        JsonObject config = _config.DeepClone().AsObject();
        if (addResult is not null)
        {
            config["prevResult"] = JsonNode.Parse(addResult);
        }

        // DEL must succeed even with the daemon down (the spec; a runtime retries a failing DEL forever).
        await ExecAsync("DEL", config, key, pod.Path, del =>
        {
            if (del.ExitCode != 0)
            {
                _violations.Enqueue($"DEL of {key} failed: {del}");
                return;
            }

            Ledger.DelAcknowledged(key);
        });
    }

    // The ledger entry is made while the slot is held, so a pause never sees a call that finished but is not recorded.
    private async Task<PluginResult> ExecAsync(string command, JsonObject config, string key, string netns, Action<PluginResult> record)
    {
        await _execSlots.WaitAsync();
        try
        {
            PluginResult result = await _plugin.ExecAsync("escni", command, config, key, netns, podName: key);
            record(result);
            return result;
        }
        finally
        {
            _execSlots.Release();
        }
    }

    private int CniErrorCodeOf(PluginResult failed)
    {
        try
        {
            using JsonDocument error = failed.Json();
            int code = error.RootElement.GetProperty("code").GetInt32();
            if (code <= 0 || !error.RootElement.TryGetProperty("msg", out _))
            {
                _violations.Enqueue($"ADD failed with an error that has no valid code and msg: {failed}");
            }

            return code;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            _violations.Enqueue($"ADD failed without CNI error JSON on stdout ({e.Message}): {failed}");
            return -1;
        }
    }

    private sealed class Resume(SemaphoreSlim slots, int count) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(count);
            }
        }
    }
}
