using System.Globalization;
using System.Text.RegularExpressions;

namespace EsCni.Integration.Support;

/// <summary>
/// Traffic kept flowing from one namespace to an address while something changes, then counted: one long ICMP flow
/// (`ping -i 0.01`, one conntrack entry, so NAT decided once) and a stream of new flows (`ping -c 1` after `ping -c 1`,
/// each a new conntrack entry, so each meets the rules in place at that moment). Counts only, never timing.
/// </summary>
internal sealed partial class ContinuousPing : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _stopFile;

    private ContinuousPing(ChildProcess process, string stopFile)
    {
        _process = process;
        _stopFile = stopFile;
    }

    /// <summary>Sent and lost packets of the long flow, and of the new flows (one packet each).</summary>
    public sealed record Counts(int LongSent, int LongLost, int NewSent, int NewLost)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"long flow {LongLost}/{LongSent} lost, new flows {NewLost}/{NewSent} lost");
    }

    /// <summary>Starts pinging <paramref name="address"/> from <paramref name="from"/>.</summary>
    public static ContinuousPing Start(NetworkNamespace from, string address)
    {
        string stop = Path.Combine(Path.GetTempPath(), $"escni-ping-stop-{Guid.NewGuid():N}");
        string script = $$"""
            ping -n -q -i 0.01 {{address}} > {{stop}}.long 2>&1 & long=$!
            sent=0; lost=0
            while [ ! -e {{stop}} ]; do
              sent=$((sent+1)); ping -n -q -c 1 -W 2 {{address}} > /dev/null 2>&1 || lost=$((lost+1))
            done
            kill -INT $long; wait $long
            echo "new flows: $sent sent, $lost lost"
            grep 'packets transmitted' {{stop}}.long; rm -f {{stop}} {{stop}}.long
            """;
        return new ContinuousPing(ChildProcess.Start(["ip", "netns", "exec", from.Name, "bash", "-c", script]), stop);
    }

    /// <summary>Stops both flows and returns their counts (the long flow's last packet, in flight at the stop, counts as lost).</summary>
    public async Task<Counts> StopAsync()
    {
        await File.WriteAllTextAsync(_stopFile, string.Empty);
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Match news = NewFlows().Match(_process.Output);
        Match longFlow = LongFlow().Match(_process.Output);
        if (!news.Success || !longFlow.Success)
        {
            throw new InvalidOperationException($"ping gave no counts:\n{_process.Output}");
        }

        int Of(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        return new Counts(Of(longFlow, 1), Of(longFlow, 1) - Of(longFlow, 2), Of(news, 1), Of(news, 2));
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(_stopFile);
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"new flows: (\d+) sent, (\d+) lost")]
    private static partial Regex NewFlows();

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) received")]
    private static partial Regex LongFlow();
}
