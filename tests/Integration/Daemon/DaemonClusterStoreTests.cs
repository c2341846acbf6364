using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;
using Npgsql;

namespace EsCni.Integration.Daemon;

/// <summary>
/// The cluster store through the shipped binary, end to end: <c>projections migrate</c> creates the schema, the daemon
/// ships its journal to PostgreSQL, <c>replay state --postgres</c> rebuilds the node's pool from what was shipped, and
/// <c>projections run</c> projects it so that <c>replay who-had --postgres</c> finds the pod.
/// The published escni-ipamd is trimmed (src/Ipamd/EsCni.Ipamd.csproj), and Marten, Weasel and our JSON reach the
/// framework by reflection: this is the test that a trimmed-away member would fail.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonClusterStoreTests
{
    private const string NodeName = "node-shipping";

    [Fact]
    public async Task Shipping_PublishedDaemonAndCli_AnAllocationReachesPostgresAndReplaysFromIt()
    {
        var database = new EmptyClusterDatabase();
        await database.InitializeAsync();
        try
        {
            string migrated = NetworkNamespace.Run(RepoPaths.Daemon, "projections", "migrate", "--postgres", database.ConnectionString);
            Assert.Contains("cluster store schema", migrated, StringComparison.Ordinal);

            await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3", ["NODE_NAME"] = NodeName });
            var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            await using NetnsTcpForwarder forwarder = NetnsTcpForwarder.Start(stack.Node.Path, server.Host ?? "127.0.0.1", server.Port);
            stack.SetDaemonVariable("ESCNI_POSTGRES", new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = forwarder.Port }.ConnectionString);
            await stack.StartDaemonAsync();
            await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");

            using GrpcChannel channel = stack.OpenChannel();
            AddNetworkReply added = await new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("shipped-container", podName: "shipped-pod"));
            Assert.True(added.Success, added.ToString());
            string ip = added.IpAllocationMetadata[0].Ipv4Addr;

            // The pod, not only its IP: the IP is in the shipped pool (as free) before the allocation is.
            string state = await ReplayShowingAsync("shipped-pod", TimeSpan.FromSeconds(60), "replay", "state", "--postgres", database.ConnectionString, "--node", NodeName, "--json");
            Assert.Contains($"\"{ip}\"", state, StringComparison.Ordinal);
            Assert.DoesNotContain(stack.Daemon.Lines, l => l.Contains("shipping", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));

            // The central process projects every node's stream (Marten's async daemon); who-had reads its projection.
            await using ChildProcess projections = ChildProcess.Start([RepoPaths.Daemon, "projections", "run", "--postgres", database.ConnectionString]);
            string owners = await ReplayShowingAsync("shipped-pod", TimeSpan.FromSeconds(60), "replay", "who-had", ip, "--postgres", database.ConnectionString, "--json");
            Assert.Contains(NodeName, owners, StringComparison.Ordinal);
            Assert.Equal(0, await projections.TerminateAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Runs the published <c>escni-ipamd</c> with <paramref name="arguments"/> until it prints <paramref name="text"/>; that output.</summary>
    private static async Task<string> ReplayShowingAsync(string text, TimeSpan timeout, params string[] arguments)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            (int code, string stdout, string stderr) = NetworkNamespace.TryRun([RepoPaths.Daemon, .. arguments]);
            if (code == 0 && stdout.Contains(text, StringComparison.Ordinal))
            {
                return stdout;
            }

            Assert.True(DateTime.UtcNow < deadline, $"`escni-ipamd {string.Join(' ', arguments)}` did not show {text} within {timeout}; it last exited {code}: {stderr}\n{stdout}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>A fresh database without the schema, which the shipped <c>projections migrate</c> creates.</summary>
    private sealed class EmptyClusterDatabase : ClusterTestDatabase
    {
        protected override bool ApplySchema => false;
    }
}
