using System.Globalization;
using EsCni.Domain.Events;

namespace EsCni.Projections.Enis;

/// <summary>Folds the ENI lifecycle events (intent → outcome, attach, detach, delete) into an <see cref="EniInventory"/>.</summary>
/// <remarks>
/// A create intent carries only a ClientToken; the ENI id arrives with EniCreated. Entries are therefore keyed by
/// token until the id is known, then by id, so a create → attach → detach → delete reads as one life.
/// </remarks>
public sealed class EniInventoryProjection : IProjection
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, Entry> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byEni = new(StringComparer.Ordinal);

    /// <summary>The read model so far.</summary>
    public EniInventory Inventory => new(_entries.Select(e => new EniLifecycle(e.EniId, e.ClientToken, e.SubnetId, e.DeviceIndex, e.Phase, e.Steps.ToList())).ToList());

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        long lsn = recorded.Lsn;
        switch (recorded.Event)
        {
            case EniCreateRequested e:
                Step(ByToken(e.ClientToken, e.SubnetId), lsn, e, EniPhase.CreateRequested, $"subnet {e.SubnetId}");
                break;
            case EniCreated e:
                Entry created = ByToken(e.ClientToken, e.SubnetId);
                created.EniId ??= e.EniId;
                _byEni[e.EniId] = created;
                Step(created, lsn, e, EniPhase.Created, $"{e.EniId} in {e.SubnetId}");
                break;
            case EniCreateFailed e:
                Step(ByToken(e.ClientToken, null), lsn, e, EniPhase.CreateFailed, $"{e.ErrorCode}: {e.Message}");
                break;
            case EniAttached e:
                Entry attached = ByEni(e.EniId);
                attached.DeviceIndex = e.DeviceIndex;
                attached.SubnetId ??= e.SubnetId;
                Step(attached, lsn, e, EniPhase.Attached,
                    string.Create(CultureInfo.InvariantCulture, $"device {e.DeviceIndex}, MAC {e.Mac}, primary {e.PrimaryIp}, table {e.RouteTableId}, {e.SubnetCidr}"));
                break;
            case EniDetachRequested e:
                Step(ByEni(e.EniId), lsn, e, EniPhase.Detaching, string.Empty);
                break;
            case EniDetachFailed e:
                Step(ByEni(e.EniId), lsn, e, EniPhase.Attached, $"{e.ErrorCode}: {e.Message}");
                break;
            case EniDetached e:
                Step(ByEni(e.EniId), lsn, e, EniPhase.Detached, string.Empty);
                break;
            case EniDeleted e:
                Step(ByEni(e.EniId), lsn, e, EniPhase.Deleted, string.Empty);
                break;
            default:
                break;
        }
    }

    private Entry ByToken(string token, string? subnet)
    {
        if (!_byToken.TryGetValue(token, out Entry? entry))
        {
            entry = new Entry { ClientToken = token, SubnetId = subnet };
            _byToken[token] = entry;
            _entries.Add(entry);
        }

        return entry;
    }

    private Entry ByEni(string eniId)
    {
        if (!_byEni.TryGetValue(eniId, out Entry? entry))
        {
            // Attached without a create we recorded: the primary ENI, or one found on the instance at startup.
            entry = new Entry { EniId = eniId };
            _byEni[eniId] = entry;
            _entries.Add(entry);
        }

        return entry;
    }

    private static void Step(Entry entry, long lsn, DomainEvent e, EniPhase phase, string detail)
    {
        entry.Phase = phase;
        entry.Steps.Add(new EniStep(lsn, e.At, e.GetType().Name, e.Cause, detail));
    }

    /// <summary>The mutable record behind one <see cref="EniLifecycle"/>.</summary>
    private sealed class Entry
    {
        public string? EniId { get; set; }

        public string? ClientToken { get; init; }

        public string? SubnetId { get; set; }

        public int? DeviceIndex { get; set; }

        public EniPhase Phase { get; set; } = EniPhase.CreateRequested;

        public List<EniStep> Steps { get; } = [];
    }
}
