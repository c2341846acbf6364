namespace EsCni.Replay;

/// <summary>Exit codes of the replay verbs, stable for scripts.</summary>
public static class ReplayExitCodes
{
    /// <summary>Done; for verify: the journal is clean.</summary>
    public const int Ok = 0;

    /// <summary>verify found violations or corruption (listed with their LSNs).</summary>
    public const int Findings = 1;

    /// <summary>The journal cannot be read (missing directory, not a journal, history deleted); the reason is printed.</summary>
    public const int Unreadable = 2;

    /// <summary>An unexpected failure in the tool itself (EX_SOFTWARE); the message says what.</summary>
    public const int Failed = 70;

    /// <summary>Bad arguments; usage is printed (EX_USAGE from sysexits.h).</summary>
    public const int Usage = 64;

    /// <summary>Interrupted (Ctrl-C) while reading the cluster store: 128 + SIGINT, as a shell reports it.</summary>
    public const int Cancelled = 130;
}
