using System.Globalization;
using EsCni.Integration.Support;
using EsCni.Testing;

namespace EsCni.Integration.Daemon;

/// <summary>
/// A takeover that crashes after NodeStarted and before the adoption (the daemon SIGKILLs itself there through its
/// fault hook) is redone on the next start: the journal then holds a node, which used to end the takeover for good;
/// the pending mark (an open drift) makes the restart adopt the running pods and resolve it. A second network card's
/// checkpoint (ipam-nic-1.json) beside it is reported as not supported.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonVpcCniTakeoverCrashTests
{
    private const int RunningPods = 3;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private static readonly string[] s_podIps = VpcCniWiring.PodIps(RunningPods);

    [Fact]
    public async Task KilledBetweenNodeStartedAndAdoption_TheRestartAdoptsTheRunningPods()
    {
        await using NodeStack stack = await VpcCniWiring.StartStackAsync(s_podIps);
        var pods = new List<NetworkNamespace>();
        try
        {
            string[] names = s_podIps.Select((ip, i) => VpcCniWiring.Wire(stack.Node, pods, $"crash-{i}", ip).PodName).ToArray();
            string checkpoint = VpcCniWiring.WriteCheckpoint(stack, s_podIps.Select((ip, i) => (Container(i), ip, names[i])));
            // A second network card's checkpoint beside it: not supported, and said so.
            string otherCard = Path.Combine(Path.GetDirectoryName(checkpoint)!, "ipam-nic-1.json");
            File.WriteAllText(otherCard, """{"version":"vpc-cni-ipam/1","allocations":[]}""");

            stack.SetDaemonVariable("ESCNI_FAULT_KILL_BEFORE_ADOPTION", "true");
            try
            {
                await stack.StartDaemonAsync();
            }
            catch (TimeoutException)
            {
                // Killed before it logged "ready": the same crash, earlier in the start.
            }

            await stack.Daemon.WaitForExitAsync(s_patience);
            Assert.NotEqual(0, stack.Daemon.ExitCode);
            string beforeRestart = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
            Assert.Contains("NodeStarted", beforeRestart, StringComparison.Ordinal);
            Assert.Contains("takeover:vpc-cni-checkpoint", beforeRestart, StringComparison.Ordinal);
            Assert.DoesNotContain("IpAdopted", beforeRestart, StringComparison.Ordinal);

            stack.SetDaemonVariable("ESCNI_FAULT_KILL_BEFORE_ADOPTION", "false");
            await stack.StartDaemonAsync();
            await Poll.UntilAsync(async () => (await stack.GetJsonAsync("/v1/pods")).GetArrayLength() == RunningPods, "the running pods adopted after the restart", s_patience, TimeSpan.FromMilliseconds(300));
            Assert.Contains($"{otherCard} not adopted: multi-NIC checkpoints", stack.Daemon.Output, StringComparison.Ordinal);
            Assert.Equal(names.Order(), (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => p.GetProperty("podName").GetString()!).Order());

            string timeline = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
            Assert.Contains("DriftResolved", timeline[timeline.IndexOf("IpAdopted", StringComparison.Ordinal)..], StringComparison.Ordinal);
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    private static string Container(int i) => string.Create(CultureInfo.InvariantCulture, $"crash-sandbox-{i}");
}
