namespace EsCni.Integration.Support;

/// <summary>What <c>replay verify</c> said: exit 0 is clean.</summary>
internal sealed record ReplayVerdict(int ExitCode, long EventsChecked, int Violations, string Report)
{
    public bool IsClean => ExitCode == 0 && Violations == 0;

    public override string ToString() => $"replay verify exited {ExitCode} after {EventsChecked} events, {Violations} violation(s):\n{Report}";
}
