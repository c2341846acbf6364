using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Projections.Ec2;
using JasperFx.Events;
using Marten;

namespace EsCni.ClusterStore;

/// <summary>
/// The central process's async projection over every node stream: IP ownership intervals, ENI inventory, per-subnet
/// usage and EC2 calls per node. One pass per daemon page; documents touched by the page are loaded once, folded
/// in event (sequence) order and stored once.
/// </summary>
/// <remarks>
/// Written against Marten's raw <c>IProjection</c> rather than a MultiStreamProjection because an IpReleased names
/// only the IP and key: finding its ENI (and so its subnet) needs the ownership document, i.e. a join across
/// read models that the grouping API cannot express. Pages are processed strictly in sequence order, so the
/// in-page cache never sees a stale document.
/// </remarks>
public sealed partial class ClusterProjection : Marten.Events.Projections.IProjection
{
    /// <summary>Folds one page of events from the async daemon.</summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var page = new ClusterDocuments(operations);
        foreach (IEvent e in events)
        {
            if (e.Data is ShippedEvent shipped && ShippedEventMapping.Decode(shipped) is DomainEvent domainEvent)
            {
                await FoldAsync(page, shipped, domainEvent, cancellation).ConfigureAwait(false);
            }
        }

        page.StoreTouched();
    }

    private static ValueList<Ipv4Address> AddressesOf(ValueList<Ipv4Prefix> prefixes) => new(prefixes.SelectMany(p => p.Addresses()));

    private static async Task FoldAsync(ClusterDocuments page, ShippedEvent shipped, DomainEvent domainEvent, CancellationToken ct)
    {
        Task fold = domainEvent switch
        {
            IpAllocated e => OnIpAllocatedAsync(page, shipped, e, ct),
            // A pod adopted from the VPC CNI's checkpoint owns its IP from its adoption on, as an allocation does.
            IpAdopted e => OnIpAllocatedAsync(page, shipped, new IpAllocated(e.EventId, e.At, e.Cause, e.Ip, e.EniId, e.Key, e.Pod, string.Empty), ct),
            IpReleased e => OnIpReleasedAsync(page, shipped, e, ct),
            Ipv6Allocated e => OnIpv6AllocatedAsync(page, shipped, e, ct),
            Ipv6Released e => OnIpv6ReleasedAsync(page, shipped, e, ct),
            EniAttached e => OnEniAttachedAsync(page, shipped, e, ct),
            PoolIpsAdded e => OnPoolIpsChangedAsync(page, shipped, e.EniId, e.Ips, added: true, ct),
            PoolIpsRemoved e => OnPoolIpsChangedAsync(page, shipped, e.EniId, e.Ips, added: false, ct),
            // A delegated /28 adds its 16 addresses to the ENI's pool, and takes them when it goes.
            PoolPrefixesAdded e => OnPoolIpsChangedAsync(page, shipped, e.EniId, AddressesOf(e.Prefixes), added: true, ct),
            PoolPrefixesRemoved e => OnPoolIpsChangedAsync(page, shipped, e.EniId, AddressesOf(e.Prefixes), added: false, ct),
            EniDetachRequested e => OnEniPhaseAsync(page, shipped, e.EniId, "detaching", ct),
            EniDetachFailed e => OnEniPhaseAsync(page, shipped, e.EniId, "attached", ct),
            EniDetached e => OnEniPhaseAsync(page, shipped, e.EniId, "detached", ct),
            EniDeleted e => OnEniPhaseAsync(page, shipped, e.EniId, "deleted", ct),
            _ => Task.CompletedTask,
        };
        await fold.ConfigureAwait(false);

        if (Ec2CallOfEvent.Of(domainEvent) is { } step)
        {
            NodeEc2Calls calls = await page.NodeCallsAsync(shipped.Node, ct).ConfigureAwait(false);
            calls.Record(step, shipped.At);
        }
    }
}
