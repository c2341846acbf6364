using EsCni.Ipamd.RuntimeGc;

namespace EsCni.Ipamd.Tests.RuntimeGc;

/// <summary>
/// Stands in for the CRI answers in the loop's unit tests: each call takes the next scripted answer — a list, a thrown
/// failure, or a hang until cancelled. (The real CRI client is tested against containerd in its own suite.)
/// </summary>
internal sealed class ScriptedSandboxSource : IPodSandboxSource
{
    private readonly Queue<Func<CancellationToken, Task<IReadOnlyList<LiveSandbox>>>> _answers = new();

    public int Calls { get; private set; }

    public void Answer(params string[] sandboxIds) =>
        _answers.Enqueue(_ => Task.FromResult<IReadOnlyList<LiveSandbox>>(sandboxIds.Select(id => new LiveSandbox(id, "default", id, "uid-" + id, Ready: true)).ToList()));

    public void Fail(string message) => _answers.Enqueue(_ => Task.FromException<IReadOnlyList<LiveSandbox>>(new IOException(message)));

    public void Hang() => _answers.Enqueue(async ct =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    public Task<IReadOnlyList<LiveSandbox>> ListAsync(CancellationToken cancellationToken)
    {
        Calls++;
        Assert.True(_answers.Count > 0, "the loop asked the runtime more often than the test scripted");
        return _answers.Dequeue()(cancellationToken);
    }
}
