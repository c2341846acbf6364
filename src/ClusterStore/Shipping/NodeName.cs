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
    /// <summary>Resolves the name; false while neither NODE_NAME nor a NodeStarted event exists yet.</summary>
    /// <param name="nodeNameSetting">The validated NODE_NAME (<c>DaemonOptions.NodeName</c>), or null when unset.</param>
    /// <param name="journal">The node's journal, searched for its newest NodeStarted.</param>
    /// <param name="name">The resolved name.</param>
    public static bool TryResolve(string? nodeNameSetting, NodeJournal journal, [NotNullWhen(true)] out string? name)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (nodeNameSetting is not null)
        {
            name = nodeNameSetting;
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
