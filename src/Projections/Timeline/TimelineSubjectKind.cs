namespace EsCni.Projections.Timeline;

/// <summary>What a timeline follows.</summary>
public enum TimelineSubjectKind
{
    /// <summary>An IPv4 address.</summary>
    Ip,

    /// <summary>A pod, as "namespace/name".</summary>
    Pod,

    /// <summary>A sandbox container id (CNI_CONTAINERID), exact or a prefix of at least 12 characters.</summary>
    Container,

    /// <summary>An ENI id.</summary>
    Eni,

    /// <summary>A delegated IPv4 /28 prefix, as "10.0.3.16/28": its own events and those of its 16 addresses.</summary>
    Prefix,
}
