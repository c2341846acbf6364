using EsCni.ContainerRuntime;

namespace EsCni.Integration.Containerd;

/// <summary>
/// StopPodSandbox for many sandboxes at once, as kubelet does when a node drains, then kubelet's retry: a sandbox
/// whose stop failed is stopped again (with backoff) until the runtime reports success.
/// </summary>
internal sealed class StopPodSandboxBurst(CriRuntimeClient cri, IReadOnlyList<string> sandboxIds)
{
    private const int MaxAttempts = 20;

    private readonly List<string> _failed = [];
    private Task<bool>[] _stops = [];

    public int FirstPassSucceeded { get; private set; }

    public int FirstPassFailed => _failed.Count;

    public int Retries { get; private set; }

    /// <summary>
    /// Starts the stops <paramref name="stagger"/> apart (a drain spreads over time, so some stops reach a daemon
    /// killed mid-burst); completes when <paramref name="count"/> of them have finished.
    /// </summary>
    public Task StartAsync(TimeSpan stagger, int count)
    {
        int finished = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stops = [.. sandboxIds.Select((id, i) => StopLaterAsync(id, stagger * i))];
        return enough.Task;

        async Task<bool> StopLaterAsync(string id, TimeSpan delay)
        {
            await Task.Delay(delay);
            bool stopped = await TryStopAsync(id);
            if (Interlocked.Increment(ref finished) >= count)
            {
                enough.TrySetResult();
            }

            return stopped;
        }
    }

    /// <summary>Waits for the first pass and notes which stops failed.</summary>
    public async Task FirstPassAsync()
    {
        bool[] results = await Task.WhenAll(_stops);
        for (int i = 0; i < results.Length; i++)
        {
            if (results[i])
            {
                FirstPassSucceeded++;
            }
            else
            {
                _failed.Add(sandboxIds[i]);
            }
        }
    }

    public async Task RetryFailedAsync()
    {
        foreach (string id in _failed)
        {
            for (int attempt = 1; ; attempt++)
            {
                Retries++;
                if (await TryStopAsync(id))
                {
                    break;
                }

                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"StopPodSandbox {id} still fails after {MaxAttempts} retries");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private async Task<bool> TryStopAsync(string id)
    {
        try
        {
            await cri.StopPodSandboxAsync(id);
            return true;
        }
        catch (ContainerRuntimeException)
        {
            return false;
        }
    }
}
