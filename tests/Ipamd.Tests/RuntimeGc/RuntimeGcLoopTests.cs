using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Domain.RuntimeGc;
using EsCni.Ipamd.Configuration;
using EsCni.Ipamd.Metrics;
using EsCni.Ipamd.Pool;
using EsCni.Ipamd.RuntimeGc;
using EsCni.Ipamd.Tests.Pool;
using EsCni.Ipamd.Tests.Support;
using EsCni.Journal;
using EsCni.Replay;
using EsCni.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.RuntimeGc;

/// <summary>
/// The runtime GC loop against a real pool writer on a real journal in a temp directory, with the runtime's answers
/// scripted and the clock in the test's hands (interval 30 s, grace 60 s, 3 confirmations).
/// </summary>
public sealed class RuntimeGcLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("escni-runtime-gc-").FullName;
    private readonly FakeTimeProvider _time = new(PoolScenario.Start.AddMinutes(2));
    private readonly ScriptedSandboxSource _runtime = new();
    private readonly IpamdMetrics _metrics = new(new CollectorRegistry());
    private readonly LogLines<RuntimeGcLoop> _log = new();
    private OpenJournal _open = null!;

    private DurableNodePool Pool => _open.Pool;

    public async Task InitializeAsync()
    {
        _open = await OpenJournal.OpenAsync(_directory);
        await PoolScenario.InitAsync(Pool, 10);
        foreach (string pod in new[] { "c0", "c1", "c2", "c3" })
        {
            Assert.True((await Pool.SubmitAsync(PoolScenario.Allocate(pod), CancellationToken.None)).Accepted);
        }
    }

    public async Task DisposeAsync()
    {
        await _open.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PassAsync_SandboxGone_ReleasedOnceWithReasonRuntimeGcAndEvidenceInWhoHad()
    {
        RuntimeGcLoop loop = NewLoop();
        Allocation gone = Pool.Read(p => p.GetAllocations()).Single(a => a.Key.ContainerId == "c3");

        for (int pass = 0; pass < 8; pass++)
        {
            _runtime.Answer("c0", "c1", "c2");
            GcVerdict verdict = await loop.PassAsync(CancellationToken.None);
            Assert.Equal(pass == 2 ? 1 : 0, verdict.Releases.Count); // the third answer, 60 s after the first
            _time.Advance(s_interval);
        }

        IpReleased released = Assert.Single(JournalEvents().OfType<IpReleased>());
        Assert.Equal((ReleaseReason.RuntimeGc, "c3"), (released.Reason, released.Key.ContainerId));
        Assert.Equal(CauseKind.Reconciler, released.Cause.Kind);
        Assert.Equal(3, Pool.Read(p => p.AllocationCount));
        Assert.Equal(1, _metrics.RuntimeGcReleases.Value);
        Assert.Equal(8, _metrics.RuntimeGcPasses.WithLabels("counted").Value);

        // `escni-ipamd replay who-had IP --journal DIR [--json]`, as the verb runs it.
        Assert.Contains("released (RuntimeGc: sandbox c3 of pod default/c3 (uid uid-c3) absent from 3 consecutive CRI ListPodSandbox answers", WhoHad(gone, json: false), StringComparison.Ordinal);
        string json = WhoHad(gone, json: true);
        Assert.Contains("\"releaseReason\": \"runtimeGc\"", json, StringComparison.Ordinal);
        Assert.Contains("\"releaseEvidence\": \"sandbox c3 of pod default/c3", json, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning runtime GC released " + gone.Ip, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PassAsync_RuntimeOutageEmptyAndPartialAnswers_ReleaseNothing()
    {
        RuntimeGcLoop loop = NewLoop();

        // A containerd restart, five times over, ten minutes per answer: far past grace and confirmations if any of
        // these answers were taken at face value.
        for (int restart = 0; restart < 5; restart++)
        {
            _runtime.Answer("c0", "c1", "c2", "c3");
            _runtime.Fail("connect /run/containerd/containerd.sock: connection refused");
            _runtime.Fail("rpc error: code = Unknown desc = server is not initialized yet");
            _runtime.Answer();
            _runtime.Answer("c0");
            for (int pass = 0; pass < 5; pass++)
            {
                await loop.PassAsync(CancellationToken.None);
                _time.Advance(TimeSpan.FromMinutes(10));
            }
        }

        Assert.Empty(JournalEvents().OfType<IpReleased>());
        Assert.Equal(4, Pool.Read(p => p.AllocationCount));
        Assert.Equal(10, _metrics.RuntimeGcPasses.WithLabels("runtime_failed").Value);
        Assert.Equal(5, _metrics.RuntimeGcSuspicious.WithLabels("empty_answer").Value);
        Assert.Equal(5, _metrics.RuntimeGcSuspicious.WithLabels("suspicious").Value);
        Assert.Equal(0, _metrics.RuntimeGcReleases.Value);
    }

    [Fact]
    public async Task PassAsync_RuntimeHangs_CountsAsNoAnswerAfterTheInterval()
    {
        RuntimeGcLoop loop = NewLoop();
        _runtime.Hang();

        Task<GcVerdict> pass = loop.PassAsync(CancellationToken.None);
        Assert.False(pass.IsCompleted);
        _time.Advance(s_interval);
        GcVerdict verdict = await pass;

        Assert.Equal(GcPassOutcome.RuntimeFailed, verdict.Outcome);
        Assert.Contains("did not answer in time", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoRuntime_SaysWhyOnceAndNeverAsks()
    {
        var loop = new RuntimeGcLoop(Settings(), Pool, new NoPodSandboxSource("CRI socket /nowhere/containerd.sock does not exist"), _metrics, _time,
            _log);

        await loop.StartAsync(CancellationToken.None);
        await loop.ExecuteTask!;
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal(["Information runtime GC off: CRI socket /nowhere/containerd.sock does not exist; IPs of pods removed while their DEL was lost are released only by CNI GC or an operator"],
            _log.Lines);
        Assert.Equal(0, _runtime.Calls);
    }

    [Fact]
    public void PodSandboxSource_SocketAbsentOrGcDisabled_IsOffWithTheReason()
    {
        var absent = (NoPodSandboxSource)Hosting.IpamdServiceCollectionExtensions.PodSandboxSource(new RuntimeGcOptions { CriSocket = "/nowhere/containerd.sock" });
        var disabled = (NoPodSandboxSource)Hosting.IpamdServiceCollectionExtensions.PodSandboxSource(new RuntimeGcOptions { Enabled = false });

        Assert.StartsWith("CRI socket /nowhere/containerd.sock does not exist (ESCNI_CRI_SOCKET)", absent.Reason, StringComparison.Ordinal);
        Assert.Equal("ESCNI_CRI_GC=false", disabled.Reason);
    }

    private string WhoHad(Allocation allocation, bool json)
    {
        using StringWriter stdout = new();
        Assert.Equal(ReplayExitCodes.Ok, WhoHadCommand.Run(allocation.Ip.ToString(), _directory, at: null, from: null, to: null, json, stdout));
        return stdout.ToString();
    }

    private RuntimeGcLoop NewLoop() => new(Settings(), Pool, _runtime, _metrics, _time, _log);

    private static IpamdSettings Settings() => IpamdSettings.Read(new SettingsReader(new Dictionary<string, string>
    {
        ["ESCNI_CRI_GC_INTERVAL_S"] = "30",
        ["ESCNI_CRI_GC_GRACE_S"] = "60",
        ["ESCNI_CRI_GC_CONFIRMATIONS"] = "3",
    }));

    private sealed record OpenJournal(NodeJournal Journal, DurableNodePool Pool) : IAsyncDisposable
    {
        public static async Task<OpenJournal> OpenAsync(string directory)
        {
            NodeJournal journal = await NodeJournal.OpenAsync(directory, new JournalOptions(), CancellationToken.None);
            return new OpenJournal(journal, new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { }));
        }

        public async ValueTask DisposeAsync()
        {
            await Pool.DisposeAsync();
            await Journal.DisposeAsync();
        }
    }

    private List<DomainEvent> JournalEvents() => Support.JournalEvents.ReadAll(_directory);
}
