using System;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Projections.Ec2;
using static EsCni.Projections.Tests.Support.EventFactory;

namespace EsCni.Projections.Tests.Ec2;

public sealed class Ec2CallLedgerProjectionTests
{
    [Fact]
    public void Apply_IntentsAndOutcomes_PairsThemIntoCalls()
    {
        Ec2CallLedgerProjection projection = new();
        Cause warm = Cause.Of(CauseKind.WarmPool);
        DomainEvent[] events =
        [
            new EniCreateRequested(Guid.NewGuid(), At(0), warm, "tok-1", "subnet-a"),
            new EniCreated(Guid.NewGuid(), At(1), new Cause(CauseKind.WarmPool, null, "aws-1", "tok-1"), "eni-b", "tok-1", "subnet-a"),
            new EniAttached(Guid.NewGuid(), At(2), Cause.Of(CauseKind.Startup), "eni-a", 0, "m", "s", "c", Ip("10.0.0.4"), 254),
            new PoolIpsRequested(Guid.NewGuid(), At(3), warm, "eni-b", 5),
            new PoolIpsRequestFailed(Guid.NewGuid(), At(4), new Cause(CauseKind.WarmPool, null, "aws-2"), "eni-b", "RequestLimitExceeded", "slow down"),
            new PoolIpsRequested(Guid.NewGuid(), At(3700), warm, "eni-b", 5),
            new PoolIpsAdded(Guid.NewGuid(), At(3701), warm, "eni-a", new ValueList<Ipv4Address>([Ip("10.0.0.9")])),
        ];
        for (int i = 0; i < events.Length; i++)
        {
            projection.Apply(new RecordedEvent(i + 1, events[i]));
        }

        Ec2CallLedger ledger = projection.Ledger;

        Assert.Equal(3, ledger.Calls.Count);
        Ec2Call create = ledger.Calls[0];
        Assert.Equal(("CreateNetworkInterface", Ec2CallOutcome.Succeeded, "aws-1", "tok-1", 2L), (create.Api, create.Outcome, create.AwsRequestId, create.ClientToken, create.CompletedLsn!.Value));
        Assert.True(ledger.Calls[1].IsThrottled);
        Assert.Equal(Ec2CallOutcome.Pending, ledger.Calls[2].Outcome);
        Ec2ApiTotals assign = ledger.ByApi().Single(a => a.Api == "AssignPrivateIpAddresses");
        Assert.Equal((2, 0, 1, 1, 1), (assign.Calls, assign.Succeeded, assign.Failed, assign.Throttled, assign.Pending));
        Assert.Equal([(At(0), 2, 1, 1), (At(3600), 1, 0, 0)], ledger.OverTime(TimeSpan.FromHours(1)).Select(h => (h.Start, h.Calls, h.Failed, h.Throttled)));
    }
}
