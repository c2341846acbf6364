using System.Text.Json;

namespace EsCni.ClusterStore;

/// <summary>
/// One journal event as the cluster store keeps it (the <c>data</c> column of <c>mt_events</c>): readable fields for
/// SQL forensics plus the codec bytes, so a lost local journal can be restored byte for byte. The JSON shape is a
/// contract (docs/scaling.md, "Shipped event rows"): properties are only ever added.
/// </summary>
/// <remarks>
/// The Marten stream version of the event is its LSN and the Marten event id is the journal's EventId; both are
/// repeated here so a row read with plain SQL is self-describing.
/// </remarks>
public sealed class ShippedEvent
{
    /// <summary>Node name (the Downward API's NODE_NAME, else the EC2 instance id).</summary>
    public string Node { get; set; } = "";

    /// <summary>The journal's incarnation id.</summary>
    public Guid Incarnation { get; set; }

    /// <summary>Log sequence number in that incarnation (== Marten stream version).</summary>
    public long Lsn { get; set; }

    /// <summary>The journal's EventId (== Marten event id).</summary>
    public Guid EventId { get; set; }

    /// <summary>Codec type id (Domain <c>EventTypeIds</c>).</summary>
    public int TypeId { get; set; }

    /// <summary>
    /// The payload's schema version (docs/journal-format.md §8): 1 for events written by EsCni 0.1, 2 for 0.2's protobuf
    /// messages; 0 when the payload has none. Rows of one type but different versions coexist: nodes upgrade one by one.
    /// </summary>
    public int SchemaVersion { get; set; }

    /// <summary>Event type name, e.g. <c>IpAllocated</c>, or <c>unknown-type-N</c> when this build cannot decode it.</summary>
    public string Type { get; set; } = "";

    /// <summary>The journal timestamp (the frame's, in UTC).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The decoded event's fields (IPv4 as dotted quads), or null when the payload did not decode.</summary>
    public JsonElement? Fields { get; set; }

    /// <summary>The codec bytes exactly as in the journal frame (base64 in JSON).</summary>
    public byte[] Payload { get; set; } = [];
}
