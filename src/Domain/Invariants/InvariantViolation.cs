namespace EsCni.Domain.Invariants;

/// <summary>One broken rule at one place in a journal.</summary>
/// <param name="Lsn">The LSN of the event that broke the rule.</param>
/// <param name="Rule">The rule's name, one of <see cref="InvariantRules"/>.</param>
/// <param name="Message">What happened, with the IP, key or ENI and the earlier event it conflicts with.</param>
public sealed record InvariantViolation(long Lsn, string Rule, string Message)
{
    /// <summary>"LSN n: Rule: message".</summary>
    public override string ToString() => $"LSN {Lsn}: {Rule}: {Message}";
}
