using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.NodeNetns;

/// <summary>
/// Makes a network namespace look like the instance: eth0 for the primary ENI (its MAC and address, up) and a dummy
/// eth&lt;device index&gt; with the ENI's MAC, down like a fresh NIC, hotplugged hotplugDelayMs after each attach and
/// removed after each detach. One worker applies the changes in order, so a quick attach-detach never races.
/// Kernels without the dummy module (some containers) get a veth instead, its peer parked up in a companion
/// namespace "&lt;netns&gt;-nics" so the node namespace still shows exactly one link per ENI, with carrier once set up.
/// Start first removes what a killed run left there (<see cref="KilledRunLeftovers"/>).
/// </summary>
internal sealed class NodeHotplug : IAsyncDisposable
{
    private readonly Simulator _simulator;
    private readonly Channel<(DateTimeOffset Due, Eni Eni, bool Attached)> _queue = Channel.CreateUnbounded<(DateTimeOffset, Eni, bool)>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _links = new(StringComparer.Ordinal); // names of links we created
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _createdNetns;
    private bool _createdPeers;
    private Task _worker = Task.CompletedTask;

    private NodeHotplug(Simulator simulator, string netns, bool createdNetns)
    {
        _simulator = simulator;
        Netns = netns;
        _createdNetns = createdNetns;
    }

    /// <summary>"dummy", or "veth" when the kernel has no dummy links.</summary>
    public string LinkKind { get; private set; } = "dummy";

    private string PeerNetns => Netns + "-nics";

    /// <summary>The namespace name.</summary>
    public string Netns { get; }

    /// <summary>Failures of `ip` commands the worker ran (the simulator keeps serving; tests can assert this is empty).</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>Prepares the namespace (creating it if missing) and starts following attachments.</summary>
    public static async Task<NodeHotplug> StartAsync(Simulator simulator, string netns, CancellationToken cancellationToken)
    {
        bool created = false;
        if (!File.Exists(Path.Combine("/run/netns", netns)))
        {
            await IpCommand.RunAsync(cancellationToken, "netns", "add", netns);
            created = true;
        }
        var hotplug = new NodeHotplug(simulator, netns, created);
        try
        {
            await IpCommand.RunAsync(cancellationToken, "-n", netns, "link", "set", "lo", "up");
            await KilledRunLeftovers.RemoveAsync(simulator, netns, hotplug.PeerNetns, cancellationToken);
            await hotplug.ChooseLinkKindAsync(cancellationToken);
            Instance instance = simulator.Instance;
            foreach (Eni eni in simulator.Enis.Values.Where(e => e.IsVisibleOnInstance && e.Attachment!.InstanceId == instance.Id))
            {
                await hotplug.AddLinkAsync(eni, cancellationToken);
            }
        }
        catch
        {
            await hotplug.DisposeAsync();
            throw;
        }
        simulator.AttachmentChanged += hotplug.OnAttachmentChanged;
        hotplug._worker = Task.Run(hotplug.RunAsync, CancellationToken.None);
        return hotplug;
    }

    /// <summary>Stops following, removes the links it made, and the namespace if it made it.</summary>
    public async ValueTask DisposeAsync()
    {
        _simulator.AttachmentChanged -= OnAttachmentChanged;
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _worker;
        }
        catch (OperationCanceledException)
        {
            // Pending hotplugs are moot once the simulator stops.
        }
        if (_createdPeers)
        {
            await IpCommand.TryRunAsync(CancellationToken.None, "netns", "del", PeerNetns);
        }
        if (_createdNetns)
        {
            await IpCommand.TryRunAsync(CancellationToken.None, "netns", "del", Netns);
        }
        else
        {
            foreach (string link in _links.Keys)
            {
                await IpCommand.TryRunAsync(CancellationToken.None, "-n", Netns, "link", "del", link);
            }
        }
        _stop.Dispose();
    }

    private void OnAttachmentChanged(Eni eni, bool attached)
    {
        DateTimeOffset due = _simulator.Time.GetUtcNow() + TimeSpan.FromMilliseconds(_simulator.Faults.HotplugDelayMs);
        _queue.Writer.TryWrite((due, eni, attached));
    }

    private async Task RunAsync()
    {
        await foreach ((DateTimeOffset due, Eni eni, bool attached) in _queue.Reader.ReadAllAsync(_stop.Token))
        {
            TimeSpan wait = due - _simulator.Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _simulator.Time, _stop.Token);
            }
            try
            {
                if (attached)
                {
                    await AddLinkAsync(eni, _stop.Token);
                }
                else
                {
                    string name = LinkName(eni);
                    await IpCommand.RunAsync(_stop.Token, "-n", Netns, "link", "del", name);
                    _links.TryRemove(name, out _);
                }
            }
            catch (InvalidOperationException e)
            {
                _errors.Enqueue(e.Message);
                await Console.Error.WriteLineAsync($"ec2sim: node hotplug in {Netns}: {e.Message}");
            }
        }
    }

    private async Task AddLinkAsync(Eni eni, CancellationToken cancellationToken)
    {
        string name = LinkName(eni);
        // A link left over from an earlier run with the same name would make `link add` fail.
        await IpCommand.TryRunAsync(cancellationToken, "-n", Netns, "link", "del", name);
        if (LinkKind == "dummy")
        {
            await IpCommand.RunAsync(cancellationToken, "-n", Netns, "link", "add", name, "address", eni.MacAddress, "type", "dummy");
        }
        else
        {
            await IpCommand.RunAsync(cancellationToken, "-n", Netns, "link", "add", name, "address", eni.MacAddress,
                "type", "veth", "peer", "name", name, "netns", PeerNetns);
            await IpCommand.RunAsync(cancellationToken, "-n", PeerNetns, "link", "set", name, "up");
        }
        _links[name] = 0;
        if (eni.Attachment!.DeviceIndex == 0)
        {
            // The primary NIC comes up configured, as it does on a booted instance.
            Subnet subnet = _simulator.Subnets.First(s => s.Id == eni.SubnetId);
            await IpCommand.RunAsync(cancellationToken, "-n", Netns, "addr", "add", $"{eni.PrimaryIp}/{subnet.Cidr.PrefixLength}", "dev", name);
            await IpCommand.RunAsync(cancellationToken, "-n", Netns, "link", "set", name, "up");
        }
    }

    private async Task ChooseLinkKindAsync(CancellationToken cancellationToken)
    {
        const string Probe = "escni-probe0";
        (int code, _) = await IpCommand.TryRunAsync(cancellationToken, "-n", Netns, "link", "add", Probe, "type", "dummy");
        if (code == 0)
        {
            await IpCommand.RunAsync(cancellationToken, "-n", Netns, "link", "del", Probe);
            return;
        }
        LinkKind = "veth";
        if (!File.Exists(Path.Combine("/run/netns", PeerNetns)))
        {
            await IpCommand.RunAsync(cancellationToken, "netns", "add", PeerNetns);
            _createdPeers = true;
        }
    }

    private static string LinkName(Eni eni) => $"eth{eni.Attachment!.DeviceIndex}";
}
