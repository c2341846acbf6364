using EsCni.Domain.RuntimeGc;

namespace EsCni.Ipamd.Configuration;

/// <summary>
/// The runtime GC: releases the IPs of pod sandboxes the container runtime no longer lists (DELs that never reached
/// the daemon). The evidence rules are <see cref="AbsentSandboxes"/>'; docs/operations.md explains the settings.
/// </summary>
public sealed record RuntimeGcOptions
{
    /// <summary>containerd's socket, where kubelet's CRI calls go too.</summary>
    public const string DefaultCriSocket = "/run/containerd/containerd.sock";

    /// <summary><c>ESCNI_CRI_GC</c>, default true: set false to turn the runtime GC off even when the socket exists.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>ESCNI_CRI_SOCKET</c>, default /run/containerd/containerd.sock: the runtime's CRI socket. Absent at start → GC off (logged once).</summary>
    public string CriSocket { get; init; } = DefaultCriSocket;

    /// <summary><c>ESCNI_CRI_GC_INTERVAL_S</c>, default 60: how often the runtime is asked for its sandboxes.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>ESCNI_CRI_GC_GRACE_S</c>, default 300: a sandbox must be absent at least this long (first to last answer).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>ESCNI_CRI_GC_CONFIRMATIONS</c>, default 3 (at least 2): consecutive answers that must lack the sandbox.</summary>
    public int Confirmations { get; init; } = 3;

    /// <summary><c>ESCNI_CRI_GC_MAX_RELEASES</c>, default 10: releases per pass at most; the rest wait for the next pass.</summary>
    public int MaxReleasesPerPass { get; init; } = 10;

    /// <summary><c>ESCNI_CRI_GC_MAX_ABSENT_PERCENT</c>, default 50: an answer lacking more of the allocations than this is suspicious (needs twice the confirmations).</summary>
    public int MaxAbsentPercent { get; init; } = 50;

    /// <summary>The pure rules these settings feed.</summary>
    public RuntimeGcPolicy ToPolicy() => new(Grace, Confirmations, MaxReleasesPerPass, MaxAbsentPercent / 100.0);

    /// <summary>Reads the options, recording problems in <paramref name="reader"/>.</summary>
    public static RuntimeGcOptions Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RuntimeGcOptions
        {
            Enabled = reader.Bool("ESCNI_CRI_GC", true),
            CriSocket = reader.AbsolutePath("ESCNI_CRI_SOCKET", DefaultCriSocket),
            Interval = reader.Seconds("ESCNI_CRI_GC_INTERVAL_S", TimeSpan.FromSeconds(60), 1, 3600),
            Grace = reader.Seconds("ESCNI_CRI_GC_GRACE_S", TimeSpan.FromMinutes(5), 1, 7 * 86_400),
            Confirmations = reader.Int("ESCNI_CRI_GC_CONFIRMATIONS", 3, 2, 100),
            MaxReleasesPerPass = reader.Int("ESCNI_CRI_GC_MAX_RELEASES", 10, 1, 1000),
            MaxAbsentPercent = reader.Int("ESCNI_CRI_GC_MAX_ABSENT_PERCENT", 50, 1, 100),
        };
    }
}
