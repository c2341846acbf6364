using System.Diagnostics.CodeAnalysis;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.ClusterStore.Shipping;

/// <summary>
/// The node name in stream keys: <c>NODE_NAME</c> (the Downward API's spec.nodeName) when set, else the EC2 instance
/// id from the journal's newest NodeStarted, so a stream can always be traced back to an instance.
/// </summary>
public static class NodeName
{
    /// <summary>Environment variable the DaemonSet fills from <c>spec.nodeName</c>.</summary>
    public const string Variable = "NODE_NAME";

    /// <summary>Resolves the name; false while neither NODE_NAME nor a NodeStarted event exists yet.</summary>
    public static bool TryResolve(string? nodeNameVariable, NodeJournal journal, [NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (!string.IsNullOrWhiteSpace(nodeNameVariable))
        {
            name = nodeNameVariable.Trim();
            return true;
        }

        string? instanceId = null;
        journal.ReadAll(journal.FirstLsn - 1, record =>
        {
            if (record.Type == EventTypeIds.NodeStarted && EventCodec.Decode(record.Type, record.Payload.Span) is { IsOk: true, Event: NodeStarted started })
            {
                instanceId = started.InstanceId;
            }
        });
        name = instanceId;
        return name is not null;
    }
}
