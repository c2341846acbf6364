using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace EsCni.Ec2Sim.Query;

/// <summary>One EC2 Filter (Filter.N.Name with Filter.N.Value.M): matches when any value matches; values may use * and ? wildcards.</summary>
public sealed record QueryFilter(string Name, IReadOnlyList<string> Values)
{
    /// <summary>True when <paramref name="candidate"/> equals one of the values (wildcards honoured).</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && Values.Any(v => Glob(v, candidate));

    /// <summary>True when any of <paramref name="candidates"/> matches.</summary>
    public bool MatchesAny(IEnumerable<string> candidates) => candidates.Any(Matches);

    private static bool Glob(string pattern, string candidate)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
        {
            return string.Equals(pattern, candidate, StringComparison.Ordinal);
        }
        string regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(candidate, regex, RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
