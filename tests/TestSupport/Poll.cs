using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace EsCni.Testing;

/// <summary>
/// Waits for a condition that becomes true asynchronously (a hotplug, a shipper catching up, a daemon restarting),
/// failing with what it waited for after a generous bound. The bound is a deadlock guard, not a timed assertion.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/> (default 10 s).</summary>
    /// <param name="condition">What is waited for.</param>
    /// <param name="what">Said in the timeout's message.</param>
    /// <param name="timeout">The bound (default 10 s).</param>
    /// <param name="interval">Between two checks (default 25 ms; longer when a check is costly, e.g. execs a process).</param>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, timeout, interval);
    }

    /// <summary>Polls the asynchronous <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/> (default 10 s).</summary>
    /// <param name="condition">What is waited for.</param>
    /// <param name="what">Said in the timeout's message.</param>
    /// <param name="timeout">The bound (default 10 s).</param>
    /// <param name="interval">Between two checks (default 25 ms).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        TimeSpan bound = timeout ?? TimeSpan.FromSeconds(10);
        var waited = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (waited.Elapsed > bound)
            {
                throw new TimeoutException($"timed out after {bound.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(interval ?? s_interval).ConfigureAwait(false);
        }
    }
}
