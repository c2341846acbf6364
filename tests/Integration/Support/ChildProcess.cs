using System.Collections.Concurrent;
using System.Diagnostics;

namespace EsCni.Integration.Support;

/// <summary>A child process whose output lines are kept (for assertions and failure messages) and awaited.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join('\n', _lines);

    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for an output line matching <paramref name="match"/> (including lines already seen).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            string? existing = _lines.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }

            _waiters.Add((match, seen));
        }

        Task exited = _process.WaitForExitAsync();
        Task finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (finished == seen.Task)
        {
            return await seen.Task;
        }

        // A process that printed the line and exited at once can win the race against its last output events (seen:
        // the line in the output, the wait failed): give them up to 2 s to arrive, then look once more. Not an
        // unbounded WaitForExit(): a grandchild that inherited stdout would keep it from ever returning.
        Task late = _process.HasExited ? Task.WhenAny(seen.Task, Task.Delay(TimeSpan.FromSeconds(2))) : Task.Delay(100);
        await late;
        lock (_gate)
        {
            _waiters.Remove((match, seen));
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }
        }

        string state = _process.HasExited ? $"exited with {_process.ExitCode}" : $"still running after {timeout.TotalSeconds} s";
        throw new TimeoutException($"{what}: not seen; process {state}. Output:\n{Output}");
    }

    /// <summary>SIGKILL: no chance to flush, close or clean up — a crash.</summary>
    public async Task KillHardAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {_process.Id} did not exit within {timeout.TotalSeconds} s. Output:\n{Output}");
        }
    }

    /// <summary>SIGTERM and wait for a clean exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            NetworkNamespace.TryRun("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillHardAsync();
            throw new TimeoutException($"process {_process.Id} did not exit within {timeout.TotalSeconds} s of SIGTERM. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillHardAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach ((Func<string, bool> match, TaskCompletionSource<string> seen) in _waiters.Where(w => w.Match(line)).ToList())
            {
                seen.TrySetResult(line);
                _waiters.Remove((match, seen));
            }
        }
    }
}
