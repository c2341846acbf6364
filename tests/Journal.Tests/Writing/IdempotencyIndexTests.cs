using System;
using EsCni.Journal.Writing;

namespace EsCni.Journal.Tests.Writing;

/// <summary>Which event ids the idempotency index keeps: all after the newest snapshot, plus a recent window.</summary>
public sealed class IdempotencyIndexTests
{
    [Fact]
    public void Add_BeyondWindowWithoutSnapshot_KeepsEveryId()
    {
        var index = new IdempotencyIndex(window: 2);
        for (int i = 1; i <= 10; i++)
        {
            index.Add(TestEvents.Id(1, i), i);
        }

        Assert.Equal(10, index.Count);
        Assert.True(index.TryGet(TestEvents.Id(1, 1), out long lsn));
        Assert.Equal(1, lsn);
    }

    [Fact]
    public void Add_AfterSnapshot_EvictsOnlyIdsCoveredByItBeyondTheWindow()
    {
        var index = new IdempotencyIndex(window: 2);
        for (int i = 1; i <= 5; i++)
        {
            index.Add(TestEvents.Id(1, i), i);
        }

        index.SetSnapshotLsn(3);
        for (int i = 6; i <= 8; i++)
        {
            index.Add(TestEvents.Id(1, i), i);
        }

        Assert.False(index.TryGet(TestEvents.Id(1, 3), out _));  // covered by the snapshot and outside the window
        Assert.True(index.TryGet(TestEvents.Id(1, 4), out _));   // after the snapshot: kept however old
        Assert.True(index.TryGet(TestEvents.Id(1, 8), out _));
        Assert.Equal(5, index.Count);
    }
}
