using System.Collections.Concurrent;

namespace EsCni.Integration.Reliability;

/// <summary>
/// The driver's record of what the plugin acknowledged: which key holds which IP after a successful ADD, and which keys a
/// successful DEL gave back. It flags, at the moment of each acknowledgement, an IP handed to a second key while a
/// first one still holds it.
/// </summary>
/// <remarks>
/// A successful DEL does not prove the daemon released the IP: with the daemon down the plugin still cleans the host
/// and succeeds (the spec wants DEL to succeed), and the allocation stays until CNI GC. So a deleted key stops
/// "owning" its IP for the acknowledgement check, and <see cref="Compare"/> reports such keys as leaked rather than
/// failing on them (TODO #15: a DEL spool in the plugin hands them to the daemon when it is back).
/// </remarks>
internal sealed class AllocationLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _live = new(StringComparer.Ordinal);       // key → IP, ADD acked, no DEL yet
    private readonly Dictionary<string, string> _ownerOfIp = new(StringComparer.Ordinal);  // IP → live key
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);             // ADD started, DEL not yet acked
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);               // DEL acked
    private readonly ConcurrentQueue<string> _violations = new();

    public int AddsAcknowledged { get; private set; }

    public int DelsAcknowledged { get; private set; }

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Registers a key before its ADD runs, so a GC started meanwhile keeps it.</summary>
    public void Started(string key)
    {
        lock (_gate)
        {
            _unsettled.Add(key);
        }
    }

    public void AddAcknowledged(string key, string ip)
    {
        lock (_gate)
        {
            AddsAcknowledged++;
            if (_ownerOfIp.TryGetValue(ip, out string? owner) && owner != key)
            {
                _violations.Enqueue($"ADD for {key} was acknowledged with {ip}, which {owner} still held (its DEL had not started)");
            }

            if (_live.TryGetValue(key, out string? before) && before != ip)
            {
                _violations.Enqueue($"a repeated ADD for {key} returned {ip}, the first one {before}");
            }

            _live[key] = ip;
            _ownerOfIp[ip] = key;
        }
    }

    /// <summary>A DEL is about to run: from now on the key may lose its IP at any moment.</summary>
    public void Deleting(string key)
    {
        lock (_gate)
        {
            if (_live.Remove(key, out string? ip))
            {
                _ownerOfIp.Remove(ip);
            }
        }
    }

    public void DelAcknowledged(string key)
    {
        lock (_gate)
        {
            DelsAcknowledged++;
            _unsettled.Remove(key);
            _deleted.Add(key);
        }
    }

    /// <summary>Keys whose ADD started and whose DEL has not succeeded: what a runtime passes to GC as valid.</summary>
    public IReadOnlyList<string> Unsettled()
    {
        lock (_gate)
        {
            return _unsettled.ToList();
        }
    }

    /// <summary>
    /// Compares what the daemon holds (key → IP, from /v1/pods) with what the plugin acknowledged, while no CNI call runs:
    /// every acknowledged, undeleted ADD must still hold its IP, and no IP may have two holders. Keys whose DEL succeeded
    /// but that still hold an IP are leaks, returned apart so the caller can count them (the crash storm fails on any once
    /// the DEL spool is drained).
    /// </summary>
    public LedgerComparison Compare(IReadOnlyList<(string Key, string Ip)> held)
    {
        lock (_gate)
        {
            var violations = new List<string>();
            var heldByKey = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string key, string ip) in held)
            {
                if (!heldByKey.TryAdd(key, ip))
                {
                    violations.Add($"{key} holds two IPs: {heldByKey[key]} and {ip}");
                }
            }

            foreach ((string key, string ip) in _live)
            {
                if (!heldByKey.TryGetValue(key, out string? heldIp) || heldIp != ip)
                {
                    violations.Add($"{key} was acknowledged with {ip} and not deleted, but the daemon holds {heldIp ?? "nothing"} for it");
                }
            }

            violations.AddRange(held.GroupBy(h => h.Ip, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key} has {g.Count()} holders: {string.Join(", ", g.Select(h => h.Key))}"));
            List<string> leaked = [.. heldByKey.Keys.Where(_deleted.Contains)];
            return new LedgerComparison(violations, leaked);
        }
    }

    /// <summary>Pods whose ADD succeeded and that were not deleted: key → IP.</summary>
    public IReadOnlyDictionary<string, string> Live()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_live, StringComparer.Ordinal);
        }
    }
}
