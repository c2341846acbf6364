using System.Diagnostics;
using EsCni.Plugin.Spool;

namespace EsCni.Plugin.Commands;

/// <summary>DEL's release: ask the daemon, retrying while it restarts; when it stays away, spool the release durably.</summary>
/// <remarks>
/// A DEL that returns success is never repeated by the runtime, so its release must not live only in memory. The
/// daemon is ready well under a second after a restart, so a few seconds of retries (delDaemonWaitSeconds) catch most
/// restarts; past that the release goes to the spool (ReleaseSpool), which the daemon applies at start before it
/// serves, on a periodic scan, and before any ADD of the same key (docs/reliability.md, "The DEL spool").
/// </remarks>
internal static partial class DelCommand
{
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_longestBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_shortestAttempt = TimeSpan.FromSeconds(1);

    /// <summary>Sends the first DelNetwork attempt; the returned function waits for its reply (or rethrows its failure).</summary>
    private static Func<DelNetworkReply> StartRelease(Invocation call, DaemonClient daemon, DelNetworkRequest request)
    {
        try
        {
            PendingReply<DelNetworkReply> pending = daemon.StartDelNetwork(request, Longest(call.DelDaemonWait, s_shortestAttempt));
            return () =>
            {
                using (pending)
                {
                    return pending.Finish();
                }
            };
        }
        catch (CniException e)
        {
            return () => throw e;
        }
    }

    /// <returns>
    /// The IPs to clean on the host; whether they come from prevResult (not confirmed by the daemon just now, so another pod
    /// may hold them again and the host cleanup must check); and the error to return when the release is neither done nor spooled.
    /// </returns>
    private static async Task<(IReadOnlyList<IPAddress> Ips, bool FromPrevResult, CniException? NotSpooled)> ReleaseAsync(
        Invocation call, PrevResult previous, DaemonClient daemon, DelNetworkRequest request, Func<DelNetworkReply> firstAttempt, Stopwatch waited)
    {
        DelNetworkReply reply;
        try
        {
            reply = await DelWithRetriesAsync(call, daemon, request, firstAttempt, waited);
        }
        catch (CniException e)
        {
            string kind = DaemonClient.IsUnreachable(e) ? $"unreachable for {call.DelDaemonWait.TotalSeconds:0.#} s" : "refused DelNetwork";
            return (previous.PodIps, true, Spool(call, previous, $"escni-ipamd {kind} ({e.Message}); {PrevResultCleanup(previous)}"));
        }

        if (!reply.Found)
        {
            // Not only a second DEL: a first attempt the daemon made durable just before it was killed, whose answer was
            // lost, is retried and finds nothing. Its host rules are still there (the routes went with the veth), and
            // prevResult is the only record of the IP left.
            call.Log.Info($"escni-ipamd held nothing for this attachment (a second DEL, a retried release whose first answer was lost, or ADD never allocated); {PrevResultCleanup(previous)}");
            return (previous.PodIps, true, null);
        }

        var ips = new List<IPAddress>();
        foreach (IpAllocationMetadata ip in reply.IpAllocationMetadata)
        {
            if (ip.PodAddress() is { } address)
            {
                ips.Add(address);
            }
        }

        call.Log.Info($"released {string.Join(", ", ips)}");
        return (ips, false, null);
    }

    private static async Task<DelNetworkReply> DelWithRetriesAsync(
        Invocation call, DaemonClient daemon, DelNetworkRequest request, Func<DelNetworkReply> firstAttempt, Stopwatch waited)
    {
        TimeSpan backoff = s_firstBackoff;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return attempt == 1
                    ? firstAttempt()
                    : await daemon.DelNetworkAsync(request, Longest(call.DelDaemonWait - waited.Elapsed, s_shortestAttempt));
            }
            catch (CniException e) when (DaemonClient.IsUnreachable(e) && call.DelDaemonWait - waited.Elapsed > TimeSpan.Zero)
            {
                // Only "not there" is retried: a refusal will not change by asking again.
                TimeSpan left = call.DelDaemonWait - waited.Elapsed;
                TimeSpan pause = backoff < left ? backoff : left;
                call.Log.Debug($"escni-ipamd unreachable on attempt {attempt} ({e.Message}); retrying in {pause.TotalMilliseconds:0} ms");
                await Task.Delay(pause);
                backoff = backoff * 2 < s_longestBackoff ? backoff * 2 : s_longestBackoff;
            }
        }
    }

    private static TimeSpan Longest(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string PrevResultCleanup(PrevResult previous) => previous.PodIps.Count == 0
        ? "no prevResult, so nothing to clean on the host"
        : $"cleaning up {string.Join(", ", previous.PodIps)} from prevResult";

    /// <returns>Null once the release is durable in the spool; otherwise the error DEL must return.</returns>
    private static CniException? Spool(Invocation call, PrevResult previous, string why)
    {
        var entry = new DeferredRelease
        {
            NetworkName = call.NetworkName,
            ContainerId = call.Env.ContainerId,
            IfName = call.Env.IfName,
            Ip = previous.PodIps.Count > 0 ? previous.PodIps[0].ToString() : null,
            RequestId = call.RequestId,
            SpooledAt = DateTimeOffset.UtcNow,
        };
        try
        {
            string path = ReleaseSpool.Write(call.SpoolDir, entry);
            call.Log.Warn($"{why}; release spooled in {path} for escni-ipamd to apply when it is back");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            call.Log.Error($"{why}; spooling the release in {call.SpoolDir} failed: {e.Message}");
            return new CniException(
                CniErrorCode.IoFailure,
                $"escni-ipamd is unreachable and the release could not be spooled in {call.SpoolDir}: {e.Message}",
                "the host is cleaned; make spoolDir writable (it must be the daemon's ESCNI_SPOOL_DIR) or start escni-ipamd; the runtime retries the DEL",
                e);
        }
    }
}
