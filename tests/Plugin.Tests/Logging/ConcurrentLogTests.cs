using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using EsCni.Plugin.Tests.Fixtures;

namespace EsCni.Plugin.Tests.Logging;

/// <summary>Plugins started together share one logFile: every line arrives whole, none is lost or mixed.</summary>
[Collection(PluginCollection.Name)]
public sealed class ConcurrentLogTests(PluginFixture fixture)
{
    private const int Plugins = 50;

    // A DEL of an attachment the daemon does not hold, with CNI_NETNS empty, logs exactly these three lines.
    private const int LinesPerDel = 3;

    private static readonly Regex s_line = new(
        @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) DEL (?<id>c[0-9a-f]{15})/eth0 \[[^\] ]+\] \S.*$",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Log_FiftyPluginsAtOnce_EveryLineWholeAndNoneLost()
    {
        using TestNamespace node = PluginFixture.NewNode();
        string logFile = Path.Combine(fixture.LogDirectory, $"concurrent-{Guid.NewGuid():N}.log");
        string config = fixture.Config("1.1.0", logFile: logFile);
        string[] ids = Enumerable.Range(0, Plugins).Select(_ => PluginFixture.NewContainerId()).ToArray();
        var results = new Shell.Result[Plugins];
        using var go = new ManualResetEventSlim();
        Thread[] threads = ids.Select((id, i) => new Thread(() =>
        {
            go.Wait();
            results[i] = fixture.Run(node, "DEL", id, netns: null, "eth0", config);
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        go.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr));
        string text = File.ReadAllText(logFile);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string[] lines = text[..^1].Split('\n');
        string[] malformed = lines.Where(l => !s_line.IsMatch(l)).ToArray();
        Assert.True(malformed.Length == 0, $"{malformed.Length} of {lines.Length} lines are not whole log lines, e.g.:\n{string.Join('\n', malformed.Take(5))}");
        Assert.Equal(Plugins * LinesPerDel, lines.Length);
        Assert.All(ids, id => Assert.Equal(LinesPerDel, lines.Count(l => s_line.Match(l).Groups["id"].Value == id)));
    }
}
