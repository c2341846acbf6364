using JasperFx.Events;
using Marten;
using Npgsql;

namespace EsCni.ClusterStore.Shipping;

/// <summary>Settling doubt: what the cluster store really holds for this stream, and whether it is ours.</summary>
public sealed partial class NodeStreamShipper
{
    /// <summary>
    /// Reads the stream's version (the checkpoint) and compares the ids of the remote events we are unsure of
    /// with the local frames at the same LSNs. Equal ⇒ they are ours (a commit whose reply was lost): advance.
    /// Different, or more remote events than local ones ⇒ a second writer: <see cref="ShippingConflictException"/>.
    /// </summary>
    private async Task SyncAsync(CancellationToken ct)
    {
        _state = ShippingState.Starting;
        await using IQuerySession query = _store.QuerySession();
        StreamState? stream = await query.Events.FetchStreamStateAsync(StreamKey, ct).ConfigureAwait(false);
        long remote = stream?.Version ?? 0;
        long local = _journal.LastLsn;
        if (remote > local)
        {
            throw new ShippingConflictException(
                $"cluster store stream {StreamKey} holds LSNs up to {remote} but this journal ends at LSN {local}: another process writes the same "
                + $"journal incarnation {_journal.Incarnation:N} (a restored or copied journal directory?), or this journal lost its tail and was "
                + "not restored at start. Shipping stopped; nothing was overwritten. Stop the other writer or give this node a fresh journal directory.");
        }

        // After our own commits only the last batch can be in doubt; at start, the newest batch is the one a
        // second writer would have made. Events below the journal's first LSN were deleted locally after shipping.
        long compareFrom = Math.Max(Math.Max(_verified, remote - _options.BatchEvents), _journal.FirstLsn - 1);
        if (remote > compareFrom)
        {
            IReadOnlyList<IEvent> remoteEvents = await query.Events.FetchStreamAsync(StreamKey, 0, null, compareFrom + 1, ct).ConfigureAwait(false);
            Dictionary<long, Guid> localIds = new((int)(remote - compareFrom));
            _journal.ReadAll(compareFrom, record => localIds[record.Lsn] = record.EventId, remote);
            foreach (IEvent e in remoteEvents)
            {
                if (e.Version > remote)
                {
                    break;
                }

                if (!localIds.TryGetValue(e.Version, out Guid localId) || localId != e.Id)
                {
                    throw new ShippingConflictException(
                        $"cluster store stream {StreamKey} has event {e.Id} at LSN {e.Version} but this journal has {(localIds.ContainsKey(e.Version) ? localId.ToString() : "nothing")} there: "
                        + $"two writers share journal incarnation {_journal.Incarnation:N} (a restored hostPath backup?). Shipping stopped; nothing was overwritten. "
                        + "Stop the other writer; compare both journals with `escni-ipamd replay diff`.");
                }
            }
        }
        else if (remote == _verified && _lastFailureWasDuplicateId && remote < local)
        {
            throw new ShippingConflictException(
                $"the event after LSN {remote} of {StreamKey} is refused because its event id already exists in another stream of the cluster store: "
                + "this journal was copied to another node name. Shipping stopped; nothing was overwritten. Give the copy a fresh journal directory.");
        }

        _lastFailureWasDuplicateId = false;
        _verified = remote;
        Volatile.Write(ref _shipped, remote);
        _metrics.ShippedLsn.Set(remote);
        RecountBacklog(remote);
        if (stream is not null || remote > 0)
        {
            LogSynced(_logger, StreamKey, remote, local);
        }
    }

    /// <summary>Adds the frames that became durable since the last look to the backlog and publishes it.</summary>
    private void MeasureBacklog()
    {
        long last = _journal.LastLsn;
        if (last > _measuredUpTo)
        {
            long bytes = 0;
            long from = Math.Max(_measuredUpTo, Math.Max(_shipped, _journal.FirstLsn - 1));
            _journal.ReadAll(from, record => bytes += FrameBytes(record.Payload.Length), last);
            _measuredUpTo = last;
            Interlocked.Add(ref _unshippedBytes, bytes);
        }

        _metrics.UnshippedBytes.Set(UnshippedBytes);
    }

    /// <summary>The backlog recounted exactly from the newly learned shipped LSN.</summary>
    private void RecountBacklog(long shipped)
    {
        long bytes = 0;
        if (_measuredUpTo > shipped)
        {
            _journal.ReadAll(shipped, record => bytes += FrameBytes(record.Payload.Length), _measuredUpTo);
        }
        else
        {
            _measuredUpTo = shipped;
        }

        Volatile.Write(ref _unshippedBytes, bytes);
        _metrics.UnshippedBytes.Set(bytes);
    }

    /// <summary>23505 on the unique event-id index: the id exists, in this stream or another one.</summary>
    private static bool IsDuplicateEventId(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                && (pg.ConstraintName ?? pg.MessageText).Contains("event_id", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
