using System;
using System.Collections.Generic;
using System.Linq;

namespace EsCni.Ec2Sim.Recording;

/// <summary>Every EC2 and IMDS call the simulator served, in arrival order, so tests can assert what a client did.</summary>
public sealed class CallRecording
{
    private readonly object _lock = new();
    private readonly List<CallRecord> _calls = [];
    private long _sequence;

    /// <summary>Appends a call; the sequence number is assigned here.</summary>
    public CallRecord Add(DateTimeOffset time, string api, string action, string parameters, string outcome, string? errorCode, int httpStatus, string requestId, double durationMs)
    {
        lock (_lock)
        {
            var call = new CallRecord(++_sequence, time, api, action, parameters, outcome, errorCode, httpStatus, requestId, durationMs);
            _calls.Add(call);
            return call;
        }
    }

    /// <summary>A copy of all calls so far.</summary>
    public IReadOnlyList<CallRecord> Snapshot()
    {
        lock (_lock)
        {
            return _calls.ToArray();
        }
    }

    /// <summary>EC2 calls of one action, optionally only those with one outcome.</summary>
    public IReadOnlyList<CallRecord> Ec2Calls(string action, string? outcome = null) =>
        Snapshot().Where(c => c.Api == "ec2" && c.Action == action && (outcome is null || c.Outcome == outcome)).ToList();

    /// <summary>Forgets every call (sequence numbers keep counting up).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }
}
