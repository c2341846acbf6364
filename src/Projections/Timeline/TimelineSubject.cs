namespace EsCni.Projections.Timeline;

/// <summary>The thing a timeline follows: an IP, a pod, a container or an ENI.</summary>
/// <param name="Kind">What kind of thing.</param>
/// <param name="Value">Its text: "10.0.3.17", "default/web-1", a container id, "eni-0abc...".</param>
public sealed record TimelineSubject(TimelineSubjectKind Kind, string Value)
{
    /// <summary>"ip 10.0.3.17" and so on, for headings.</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Value}";
}
