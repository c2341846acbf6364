namespace EsCni.Replay.WhatIf;

/// <summary>Placeholder replaced below.</summary>
public static class ClusterWhatIf
{
    /// <summary>Runs over the cluster store.</summary>
    public static Task<int> RunAsync(string connectionString, string? node, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<WhatIfScenario> scenarios, bool json, string? plot, TextWriter stdout, CancellationToken ct) =>
        throw new NotImplementedException();
}
