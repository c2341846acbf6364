using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>The daemon serves from its local journal before it touches the network: a cluster store that does not answer costs nothing at start.</summary>
[Collection(nameof(NodeCollection))]
public sealed partial class DaemonStartupTests
{
    [Fact]
    public async Task Start_PostgresNeverAnswers_ReadyWithinOneSecondFromTheJournalOpenedOnce()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3", ["NODE_NAME"] = "node-pg-silent" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP before the restart");
        Assert.Equal(0, await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30)));

        // A PostgreSQL that accepts connections and never answers (a hung server, a black-holing network): the
        // worst case for a start that waits for it, since the connect only fails at its timeout (5 s). A closed port
        // would fail at once and hide a start that still asks.
        using Socket silentPostgres = NetnsSockets.CreateTcp(stack.Node.Path);
        silentPostgres.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silentPostgres.Listen(64);
        int port = ((IPEndPoint)silentPostgres.LocalEndPoint!).Port;
        stack.SetDaemonVariable("ESCNI_POSTGRES", $"Host=127.0.0.1;Port={port};Username=escni;Database=escni");

        string ready = await stack.StartDaemonAsync();

        // From the daemon's first log line to "ready": what a start that waits for PostgreSQL would stretch. The
        // "ready in" figure also counts the .NET runtime starting before any code runs (0.2-0.7 s on a loaded 2-core VM).
        string starting = stack.Daemon.Lines.First(l => l.Contains("starting: journal", StringComparison.Ordinal));
        TimeSpan startToReady = LoggedAt(ready) - LoggedAt(starting);
        Assert.True(startToReady <= TimeSpan.FromSeconds(1),
            $"ready {startToReady.TotalMilliseconds} ms after starting ({ReadyIn().Match(ready).Groups[1].Value} ms after process start) with PostgreSQL not answering; expected ≤ 1000 ms. Output:\n{stack.Daemon.Output}");
        string[] opened = [.. stack.Daemon.Lines.Where(l => l.Contains(" opened: incarnation ", StringComparison.Ordinal))];
        Assert.True(opened.Length == 1, $"the journal was opened {opened.Length} times at start; expected once. Output:\n{stack.Daemon.Output}");
        using GrpcChannel channel = stack.OpenChannel();
        AddNetworkReply added = await new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("after-silent-pg"));
        Assert.True(added.Success, added.ToString());

        // Shipping runs in the background, after ready: it tries, and reports the store unavailable.
        await stack.Daemon.WaitForLineAsync(l => l.Contains("shipping the journal to the cluster store", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the shipper to start");
        List<string> lines = [.. stack.Daemon.Lines];
        Assert.True(lines.FindIndex(l => l.Contains("ready in", StringComparison.Ordinal)) < lines.FindIndex(l => l.Contains("shipping the journal to the cluster store", StringComparison.Ordinal)),
            $"shipping started before the daemon was ready. Output:\n{stack.Daemon.Output}");
    }

    private static DateTimeOffset LoggedAt(string line) =>
        DateTimeOffset.Parse(line[..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(@"ready in (\d+) ms")]
    private static partial Regex ReadyIn();
}
