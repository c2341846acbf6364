namespace EsCni.Domain.Pool;

/// <summary>What <see cref="NodePool.Decide"/> concluded: events to append (maybe none) or a rejection, plus the allocation for ADD/DEL.</summary>
public sealed class Decision
{
    private Decision(bool accepted, IReadOnlyList<DomainEvent> events, Rejection? rejection, Allocation? allocation, Ipv6Allocation? ipv6Allocation = null)
    {
        Accepted = accepted;
        Events = events;
        Rejection = rejection;
        Allocation = allocation;
        Ipv6Allocation = ipv6Allocation;
    }

    /// <summary>True when the command is valid; <see cref="Events"/> may still be empty (idempotent repeat).</summary>
    public bool Accepted { get; }

    /// <summary>The events to append to the journal and then apply, in order.</summary>
    public IReadOnlyList<DomainEvent> Events { get; }

    /// <summary>Why the command was refused, when not accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>For AllocateIp: the allocation (new or existing). For releases: the allocation that ended. Otherwise null.</summary>
    public Allocation? Allocation { get; }

    /// <summary>For AllocateIpv6: the IPv6 allocation (new or existing). For ReleaseIpByKey: the IPv6 allocation that ended. Otherwise null.</summary>
    public Ipv6Allocation? Ipv6Allocation { get; }

    /// <summary>Accepted with events, for commands that may touch both families (ReleaseIpByKey ends a key's IPv4 and IPv6 allocations).</summary>
    public static Decision Accept(IReadOnlyList<DomainEvent> events, Allocation? allocation, Ipv6Allocation? ipv6Allocation) => new(true, events, null, allocation, ipv6Allocation);

    /// <summary>Accepted with one IPv6 event (AllocateIpv6).</summary>
    public static Decision AcceptIpv6(DomainEvent domainEvent, Ipv6Allocation ipv6Allocation) => new(true, [domainEvent], null, null, ipv6Allocation);

    /// <summary>Accepted, nothing to record: the key already holds this IPv6 allocation.</summary>
    public static Decision UnchangedIpv6(Ipv6Allocation ipv6Allocation) => new(true, Array.Empty<DomainEvent>(), null, null, ipv6Allocation);

    /// <summary>Accepted with events.</summary>
    public static Decision Accept(IReadOnlyList<DomainEvent> events, Allocation? allocation = null) => new(true, events, null, allocation);

    /// <summary>Accepted with one event.</summary>
    public static Decision Accept(DomainEvent domainEvent, Allocation? allocation = null) => new(true, [domainEvent], null, allocation);

    /// <summary>Accepted, nothing to record (the command repeats what is already true).</summary>
    public static Decision Unchanged(Allocation? allocation = null) => new(true, Array.Empty<DomainEvent>(), null, allocation);

    /// <summary>Refused.</summary>
    public static Decision Reject(RejectionCode code, string message) => new(false, Array.Empty<DomainEvent>(), new Rejection(code, message), null);

    /// <summary>"accepted (n events)" or the rejection, for logs and test failures.</summary>
    public override string ToString() => Accepted ? $"accepted ({Events.Count} events)" : $"rejected {Rejection!.Code}: {Rejection.Message}";
}
