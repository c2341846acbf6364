using System.Diagnostics;
using System.Globalization;

namespace EsCni.Plugin.Logging;

/// <summary>
/// A per-phase timeline of one invocation, for finding where an ADD's milliseconds go (docs/benchmarks.md "Plugin").
/// </summary>
/// <remarks>
/// <c>ESCNI_PLUGIN_TRACE=1</c> turns it on; <c>ESCNI_PLUGIN_TRACE=$EPOCHREALTIME</c> (bash's wall clock, expanded just
/// before the exec) also gives the time from exec to <c>Main</c>, i.e. the runtime's start-up, which the process cannot
/// see otherwise. The CPU the task used before <c>Main</c> comes from /proc/self/schedstat. At exit every phase goes
/// to stderr as <c>escni-trace &lt;ms since previous&gt; &lt;ms since Main&gt; &lt;phase&gt;</c>; stdout stays the
/// result's. Off (the default), a mark is one null check.
/// </remarks>
internal static class PhaseTrace
{
    private static List<(string Phase, long Timestamp)>? s_marks;
    private static long s_main;
    private static string s_startup = "";

    public static bool Enabled => s_marks is not null;

    /// <summary>Called first thing in Main with the variable's value.</summary>
    public static void Start(string? setting)
    {
        if (string.IsNullOrEmpty(setting) || setting == "0")
        {
            return;
        }

        s_main = Stopwatch.GetTimestamp();
        DateTime now = DateTime.UtcNow;
        s_marks = new List<(string, long)>(64);
        string exec = double.TryParse(setting, NumberStyles.Float, CultureInfo.InvariantCulture, out double execSeconds) && execSeconds > 1e9
            ? $"{(now - DateTime.UnixEpoch).TotalMilliseconds - (execSeconds * 1000):F2} ms from exec"
            : "exec time unknown";
        s_startup = $"{exec}, {CpuBeforeMainMs():F2} ms CPU";
    }

    public static void Mark(string phase)
    {
        s_marks?.Add((phase, Stopwatch.GetTimestamp()));
    }

    /// <summary>Writes the timeline; called once, at exit.</summary>
    public static void Write()
    {
        if (s_marks is null)
        {
            return;
        }

        TextWriter stderr = Console.Error;

        stderr.WriteLine($"escni-trace 0.00 0.00 main ({s_startup})");
        long previous = s_main;
        foreach ((string phase, long timestamp) in s_marks)
        {
            double delta = Stopwatch.GetElapsedTime(previous, timestamp).TotalMilliseconds;
            double total = Stopwatch.GetElapsedTime(s_main, timestamp).TotalMilliseconds;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"escni-trace {delta:F3} {total:F3} {phase}"));
            previous = timestamp;
        }
    }

    // First field of /proc/self/schedstat: nanoseconds this task has run on a CPU, from fork through the runtime's
    // start-up to here.
    private static double CpuBeforeMainMs()
    {
        try
        {
            string text = File.ReadAllText("/proc/self/schedstat");
            return long.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture) / 1e6;
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
