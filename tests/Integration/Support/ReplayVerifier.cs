using System.Text.Json;

namespace EsCni.Integration.Support;

/// <summary>Runs the shipped <c>escni-ipamd replay verify --journal DIR --json</c> over a journal directory, as an operator would.</summary>
internal static class ReplayVerifier
{
    /// <summary>Verifies the journal; returns the exit code, the events checked and the raw report (for failure messages).</summary>
    public static ReplayVerdict Verify(string journalDirectory)
    {
        (int code, string stdout, string stderr) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "verify", "--journal", journalDirectory, "--json");
        long events = 0;
        int violations = -1;
        try
        {
            using JsonDocument report = JsonDocument.Parse(stdout);
            events = report.RootElement.GetProperty("eventsChecked").GetInt64();
            violations = report.RootElement.GetProperty("violations").GetArrayLength();
        }
        catch (JsonException)
        {
            // Exit code 2 (unreadable) prints a message, not JSON; the verdict's Report says which.
        }

        return new ReplayVerdict(code, events, violations, stdout + stderr);
    }
}
