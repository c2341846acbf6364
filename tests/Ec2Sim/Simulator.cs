using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using EsCni.Ec2Sim.Faults;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Recording;

namespace EsCni.Ec2Sim;

/// <summary>
/// The simulated EC2 world: one VPC, its subnets, one instance and the ENIs, with EC2's rules (limits, states,
/// uniqueness) enforced. Thread-safe: every read and change happens under one lock, and readers get immutable
/// records. Mutating methods throw <see cref="Query.Ec2Exception"/> with EC2's error codes.
/// </summary>
public sealed partial class Simulator
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly Random _ids; // seeded when the options carry a seed, so ids repeat run to run
    private readonly Dictionary<string, (string Fingerprint, string EniId)> _clientTokens = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, ImmutableSortedDictionary<string, Eni> Enis)> _history = []; // what IMDS can show, by time
    private ImmutableSortedDictionary<string, Eni> _enis = ImmutableSortedDictionary.Create<string, Eni>(StringComparer.Ordinal);
    private ImmutableArray<Subnet> _subnets;
    private Instance _instance;

    /// <summary>Builds the world a scenario describes.</summary>
    /// <exception cref="ArgumentException">The scenario breaks a rule; the message lists every problem.</exception>
    public Simulator(Scenario scenario, FaultSettings faults, TimeProvider time, int? seed = null)
    {
        _time = time;
        _ids = seed is int s ? new Random(s) : new Random();
        Scenario = scenario;
        FaultInjector = new FaultInjector(faults, time, seed);
        Region = scenario.Region;
        (Vpc, _subnets, _instance, _enis) = Build(scenario, time.GetUtcNow());
        lock (_lock)
        {
            AssertInvariants();
            _history.Add((time.GetUtcNow(), _enis));
        }
    }

    /// <summary>Raised outside the lock when an ENI becomes visible on the instance (true) or stops being (false).</summary>
    internal event Action<Eni, bool>? AttachmentChanged;

    /// <summary>The scenario the world was built from.</summary>
    public Scenario Scenario { get; }

    /// <summary>Region (IMDS placement/region).</summary>
    public string Region { get; }

    /// <summary>The VPC.</summary>
    public Vpc Vpc { get; }

    /// <summary>Fault injection: its <see cref="FaultInjector.Settings"/> can be replaced at any time.</summary>
    public FaultInjector FaultInjector { get; }

    /// <summary>The current fault settings (shortcut for <see cref="FaultInjector"/>.Settings).</summary>
    public FaultSettings Faults
    {
        get => FaultInjector.Settings;
        set => FaultInjector.Settings = value;
    }

    /// <summary>Every call served.</summary>
    public CallRecording Calls { get; } = new();

    /// <summary>The simulator's clock.</summary>
    public TimeProvider Time => _time;

    /// <summary>The instance.</summary>
    public Instance Instance
    {
        get
        {
            lock (_lock)
            {
                return _instance;
            }
        }
    }

    /// <summary>The limits of the instance's type.</summary>
    public InstanceTypeLimits InstanceLimits => InstanceTypes.TryGet(Instance.InstanceType, out InstanceTypeLimits? l) ? l : throw new UnreachableException();

    /// <summary>All ENIs now, by id.</summary>
    public ImmutableSortedDictionary<string, Eni> Enis
    {
        get
        {
            lock (_lock)
            {
                return _enis;
            }
        }
    }

    /// <summary>The subnets.</summary>
    public ImmutableArray<Subnet> Subnets
    {
        get
        {
            lock (_lock)
            {
                return _subnets;
            }
        }
    }

    /// <summary>One ENI by id, or null.</summary>
    public Eni? FindEni(string id)
    {
        lock (_lock)
        {
            return _enis.GetValueOrDefault(id);
        }
    }

    /// <summary>A consistent snapshot of everything (what /admin/state returns).</summary>
    public SimState GetState()
    {
        lock (_lock)
        {
            AssertInvariants();
            HashSet<uint> used = UsedAddressesUnsynchronized();
            var subnets = _subnets.Select(s => new SubnetState(s, AvailableUnsynchronized(s, used))).ToList();
            return new SimState(Region, Vpc, subnets, _instance, _enis.Values.ToList(), Faults);
        }
    }

    /// <summary>Free addresses of each subnet now, by subnet id.</summary>
    public IReadOnlyDictionary<string, int> AvailableAddressCounts()
    {
        lock (_lock)
        {
            HashSet<uint> used = UsedAddressesUnsynchronized();
            return _subnets.ToDictionary(s => s.Id, s => AvailableUnsynchronized(s, used), StringComparer.Ordinal);
        }
    }

    /// <summary>The ENIs as IMDS sees them now: the state of imdsLagMs ago, because IMDS lags behind EC2.</summary>
    public ImmutableSortedDictionary<string, Eni> ImdsView()
    {
        DateTimeOffset seenAt = _time.GetUtcNow() - TimeSpan.FromMilliseconds(Faults.ImdsLagMs);
        lock (_lock)
        {
            ImmutableSortedDictionary<string, Eni> view = _history[0].Enis;
            foreach ((DateTimeOffset at, ImmutableSortedDictionary<string, Eni> enis) in _history)
            {
                if (at > seenAt)
                {
                    break;
                }
                view = enis;
            }
            return view;
        }
    }

    // Call after every change, under the lock: IMDS reads from this history.
    private void CommitUnsynchronized(ImmutableSortedDictionary<string, Eni> enis)
    {
        _enis = enis;
        AssertInvariants();
        DateTimeOffset now = _time.GetUtcNow();
        _history.Add((now, enis));
        // Keep what the largest plausible lag can still show, plus the one entry just before it.
        DateTimeOffset horizon = now - TimeSpan.FromMilliseconds(Faults.ImdsLagMs) - TimeSpan.FromMinutes(1);
        int stale = _history.FindLastIndex(h => h.At <= horizon);
        if (stale > 0)
        {
            _history.RemoveRange(0, stale);
        }
    }

    private void RaiseAttachmentChanged(IEnumerable<(Eni Eni, bool Attached)> changes)
    {
        foreach ((Eni eni, bool attached) in changes)
        {
            AttachmentChanged?.Invoke(eni, attached);
        }
    }

    private string NewId(string prefix)
    {
        lock (_ids)
        {
            return $"{prefix}-0{_ids.NextInt64(0, long.MaxValue):x16}";
        }
    }

    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        // Every private address and prefix is owned by at most one ENI in the VPC.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Eni eni in _enis.Values)
        {
            Debug.Assert(eni.PrivateIps.Count(p => p.Primary) == 1, $"{eni.Id} must have exactly one primary IP");
            foreach (string address in eni.PrivateIps.Select(p => p.Address).Concat(eni.Ipv4Prefixes))
            {
                Debug.Assert(seen.Add(address), $"{address} is assigned twice");
            }
            Debug.Assert((eni.Attachment is null) == (eni.Status == EniStatus.Available), $"{eni.Id}: attachment and status disagree");
        }
        // No two attached ENIs share a device index.
        var indices = _enis.Values.Where(e => e.Attachment is not null).Select(e => e.Attachment!.DeviceIndex).ToList();
        Debug.Assert(indices.Count == indices.Distinct().Count(), "two ENIs share a device index");
    }
}
