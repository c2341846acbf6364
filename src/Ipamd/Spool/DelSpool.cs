namespace EsCni.Ipamd.Spool;

/// <summary>
/// Applies the releases the plugin spooled while the daemon was down (DESIGN.md §5): each entry becomes an IpReleased
/// with reason DeferredDel and the plugin's request id, and is deleted only once that release is durable.
/// </summary>
/// <remarks>
/// Ordering: an entry must never end a newer allocation of its key. The CNI spec serializes operations per container,
/// so an ADD for the key that comes after the DEL starts after the entry exists; <see cref="ApplyForKeyAsync"/> runs
/// before every ADD is decided and applies the key's entry first (one stat by file name), so by the time a newer
/// allocation exists the entry is gone. As a second guard an entry that names an IP releases only that IP. One entry is
/// applied at a time (<see cref="_gate"/>), and its deletion is fsynced before the ADD goes on, so a crash cannot bring
/// an applied entry back after a newer allocation. A bad entry is moved aside with a log line; it never stops the daemon.
/// </remarks>
public sealed partial class DelSpool : IDisposable
{
    private readonly DurableNodePool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Consumes the spool in <paramref name="directory"/> (ESCNI_SPOOL_DIR) into <paramref name="pool"/>.</summary>
    public DelSpool(string directory, DurableNodePool pool, TimeProvider time, ILogger logger)
    {
        Directory = directory;
        _pool = pool;
        _time = time;
        _logger = logger;
    }

    /// <summary>The spool directory.</summary>
    public string Directory { get; }

    /// <summary>Applies every entry in the spool; returns how many were consumed (applied, dropped or moved aside).</summary>
    /// <exception cref="PoolUnavailableException">The journal failed; the daemon is stopping.</exception>
    public async Task<int> ApplyAllAsync(CancellationToken cancellationToken)
    {
        List<string> entries;
        try
        {
            entries = [.. System.IO.Directory.EnumerateFiles(Directory).Where(p => SpoolFileName.IsEntry(Path.GetFileName(p)))];
        }
        catch (DirectoryNotFoundException)
        {
            return 0; // no DEL ever needed the spool
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSpoolUnreadable(Directory, e.Message);
            return 0;
        }

        int consumed = 0;
        foreach (string path in entries.Order(StringComparer.Ordinal))
        {
            consumed += await ApplyEntryAsync(path, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return consumed;
    }

    /// <summary>Applies <paramref name="key"/>'s entry, if the spool holds one, before an ADD for the key is decided.</summary>
    /// <exception cref="IOException">The entry exists but could not be settled; the ADD must not go on.</exception>
    public async Task ApplyForKeyAsync(IpamKey key, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Directory, SpoolFileName.For(key));
        if (File.Exists(path) && !await ApplyEntryAsync(path, cancellationToken).ConfigureAwait(false) && File.Exists(path))
        {
            throw new IOException($"the spooled DEL {path} for {key} could not be applied (see the daemon log); it must be before an ADD of the same key");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <returns>True when the entry is gone afterwards (applied, dropped, moved aside, or consumed by another caller).</returns>
    private async Task<bool> ApplyEntryAsync(string path, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] json;
            try
            {
                json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                return true; // applied by the scan or an ADD while this caller waited for the gate
            }

            if (!SpooledRelease.TryParse(json, out SpooledRelease? entry, out string? problem))
            {
                MoveAside(path, problem);
                return true;
            }

            if (SpoolFileName.For(entry.Key) != Path.GetFileName(path))
            {
                MoveAside(path, $"its name is not the one of its key {entry.Key}, so an ADD of that key would not find it");
                return true;
            }

            await ReleaseAsync(entry, path, cancellationToken).ConfigureAwait(false);

            // Deleted only now that the release (if any) is durable; the deletion is made durable before an ADD proceeds.
            File.Delete(path);
            SpoolDirectorySync.Sync(Directory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogEntryFailed(path, e.Message);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(SpooledRelease entry, string path, CancellationToken cancellationToken)
    {
        var command = new ReleaseIpByKey(_time.GetUtcNow(), new Cause(CauseKind.CniRequest, entry.RequestId), entry.Key, ReleaseReason.DeferredDel)
        {
            OnlyIp = entry.Ip,
            OnlyIpv6 = entry.Ipv6,
            RequestId = entry.RequestId,
        };
        Decision decision = await _pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (decision.Accepted && decision.Events.Count > 0)
        {
            LogApplied(entry.RequestId, entry.Key.ToString(), decision.Allocation?.Ip.ToString() ?? decision.Ipv6Allocation?.Address.ToString() ?? "?", entry.SpooledAt);
            return;
        }

        string held = _pool.Read(p => p.TryGetAllocation(entry.Key, out Allocation? a) ? a.Ip.ToString()
                : p.TryGetIpv6Allocation(entry.Key, out Ipv6Allocation? v6) ? v6.Address.ToString() : null) is { } ip
            ? $"the key now holds {ip}, not the spooled {(entry.Ip?.ToString() ?? entry.Ipv6?.ToString())} (a newer allocation, kept)"
            : "the key holds no IP (already released, or the ADD never allocated)";
        LogDropped(entry.RequestId, entry.Key.ToString(), held, path);
    }

    private void MoveAside(string path, string problem)
    {
        string aside = $"{path}.{_time.GetUtcNow().ToUnixTimeMilliseconds()}.bad";
        File.Move(path, aside, overwrite: true);
        SpoolDirectorySync.Sync(Directory);
        LogMovedAside(path, problem, aside);
    }
}
