namespace EsCni.Replay.WhatIf;

/// <summary>One named set of warm-pool settings to replay a node's demand under, with the VPC CNI's variable names.</summary>
/// <remarks>
/// Parsed from <c>--scenario NAME:K=V,K=V</c> or <c>--set K=V</c>. Only the variables the model replays are accepted;
/// anything else is refused by name, so a typo never silently replays the defaults. WARM_PREFIX_TARGET is refused until
/// prefix delegation lands in the Domain: a scenario then gains a prefix mode and the simulation asks the prefix policy.
/// </remarks>
/// <param name="Name">The column heading and plot legend.</param>
/// <param name="Targets">The targets handed to <see cref="WarmPoolPolicy.Decide"/>.</param>
/// <param name="IpCooldown">IP_COOLDOWN_PERIOD; null keeps the one the journal's NodeStarted recorded.</param>
/// <param name="LoopInterval">ESCNI_POOL_INTERVAL_MS, the warm-pool loop's tick (default 5 s, as the daemon's).</param>
public sealed record WhatIfScenario(string Name, WarmPoolTargets Targets, TimeSpan? IpCooldown, TimeSpan LoopInterval)
{
    /// <summary>The variables a scenario may set.</summary>
    public static readonly IReadOnlyList<string> Keys = ["WARM_ENI_TARGET", "WARM_IP_TARGET", "MINIMUM_IP_TARGET", "MAX_ENI", "IP_COOLDOWN_PERIOD", "ESCNI_POOL_INTERVAL_MS"];

    /// <summary>The daemon's loop tick when ESCNI_POOL_INTERVAL_MS is not set.</summary>
    public static readonly TimeSpan DefaultLoopInterval = TimeSpan.FromSeconds(5);

    /// <summary>Parses <c>NAME:K=V,K=V</c>; a missing name is refused (the report needs one per column).</summary>
    public static WhatIfScenario ParseNamed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ReplayUsageException($"--scenario '{text}': write NAME:K=V,K=V, e.g. lean:WARM_IP_TARGET=3,MINIMUM_IP_TARGET=10");
        }

        return Parse(text[..colon].Trim(), text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Builds a scenario from <c>K=V</c> pairs; every unknown key, bad number or repeat is reported at once.</summary>
    public static WhatIfScenario Parse(string name, IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Dictionary<string, int> values = new(StringComparer.Ordinal);
        List<string> problems = [];
        foreach (string pair in pairs)
        {
            string[] kv = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            string key = kv[0].ToUpperInvariant();
            if (key == "WARM_PREFIX_TARGET")
            {
                problems.Add("WARM_PREFIX_TARGET: prefix delegation is not modelled yet; what-if replays secondary-IP mode only");
            }
            else if (!Keys.Contains(key))
            {
                problems.Add($"'{kv[0]}' is not a setting what-if replays; use one of {string.Join(", ", Keys)}");
            }
            else if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                problems.Add($"{key}: '{(kv.Length == 2 ? kv[1] : string.Empty)}' is not a whole number >= 0");
            }
            else if (!values.TryAdd(key, value))
            {
                problems.Add($"{key} is given twice");
            }
        }

        if (name.Length == 0)
        {
            problems.Add("the scenario needs a name");
        }

        if (values.TryGetValue("MAX_ENI", out int maxEni) && maxEni < 1)
        {
            problems.Add("MAX_ENI must be at least 1");
        }

        if (values.TryGetValue("ESCNI_POOL_INTERVAL_MS", out int interval) && interval < 50)
        {
            problems.Add("ESCNI_POOL_INTERVAL_MS must be at least 50, as the daemon requires");
        }

        if (problems.Count > 0)
        {
            throw new ReplayUsageException($"scenario '{name}': {string.Join("; ", problems)}");
        }

        WarmPoolTargets targets = new(values.GetValueOrDefault("WARM_ENI_TARGET", 1), Positive(values, "WARM_IP_TARGET"), Positive(values, "MINIMUM_IP_TARGET"),
            values.TryGetValue("MAX_ENI", out int max) ? max : null);
        TimeSpan? cooldown = values.TryGetValue("IP_COOLDOWN_PERIOD", out int seconds) ? TimeSpan.FromSeconds(seconds) : null;
        return new WhatIfScenario(name, targets, cooldown, values.TryGetValue("ESCNI_POOL_INTERVAL_MS", out int ms) ? TimeSpan.FromMilliseconds(ms) : DefaultLoopInterval);
    }

    /// <summary>The settings as an operator would write them, for headings.</summary>
    public string Describe()
    {
        List<string> parts = [];
        if (Targets.IpTargetsDefined)
        {
            if (Targets.WarmIpTarget is { } warm)
            {
                parts.Add(Invariant($"WARM_IP_TARGET={warm}"));
            }

            if (Targets.MinimumIpTarget is { } min)
            {
                parts.Add(Invariant($"MINIMUM_IP_TARGET={min}"));
            }
        }
        else
        {
            parts.Add(Invariant($"WARM_ENI_TARGET={Targets.WarmEniTarget}"));
        }

        if (Targets.MaxEni is { } maxEni)
        {
            parts.Add(Invariant($"MAX_ENI={maxEni}"));
        }

        if (IpCooldown is { } cooldown)
        {
            parts.Add(Invariant($"IP_COOLDOWN_PERIOD={cooldown.TotalSeconds:0}"));
        }

        if (LoopInterval != DefaultLoopInterval)
        {
            parts.Add(Invariant($"ESCNI_POOL_INTERVAL_MS={LoopInterval.TotalMilliseconds:0}"));
        }

        return string.Join(",", parts);
    }

    private static int? Positive(Dictionary<string, int> values, string key) => values.TryGetValue(key, out int v) && v > 0 ? v : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
