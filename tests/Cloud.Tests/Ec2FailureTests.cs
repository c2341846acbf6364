using System;
using System.Net;
using System.Net.Http;
using Amazon.EC2;
using Amazon.Runtime;
using EsCni.Cloud;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EsCni.Cloud.Tests;

/// <summary>How failures are sorted for retry and breaker: pure logic, no simulator.</summary>
public sealed class Ec2FailureTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", 503, "Throttled")]
    [InlineData("InternalError", 500, "ServerError")]
    [InlineData("Unavailable", 503, "ServerError")]
    [InlineData("InsufficientFreeAddressesInSubnet", 400, "SubnetExhausted")]
    [InlineData("InsufficientCidrBlocks", 400, "SubnetExhausted")]
    [InlineData("InvalidNetworkInterfaceID.NotFound", 400, "Rejected")]
    public void Classify_Ec2ErrorCode_MapsToKind(string code, int status, string expected)
    {
        var e = new AmazonEC2Exception("msg", ErrorType.Unknown, code, "req-1", (HttpStatusCode)status);

        Assert.Equal(expected, Ec2Failure.Classify(e).ToString());
    }

    [Fact]
    public void Classify_LocalFailures_MapToLocalKinds()
    {
        Assert.Equal(Ec2FailureKind.CircuitOpen, Ec2Failure.Classify(new BrokenCircuitException()));
        Assert.Equal(Ec2FailureKind.Timeout, Ec2Failure.Classify(new TimeoutRejectedException()));
        Assert.Equal(Ec2FailureKind.ConnectionLost, Ec2Failure.Classify(new AmazonServiceException("x", new HttpRequestException("reset"))));
    }

    [Fact]
    public void CountsAgainstBreaker_Throttling_DoesNot()
    {
        Assert.False(Ec2Failure.CountsAgainstBreaker(Ec2FailureKind.Throttled));
        Assert.True(Ec2Failure.IsTransient(Ec2FailureKind.Throttled));
        Assert.True(Ec2Failure.CountsAgainstBreaker(Ec2FailureKind.ServerError));
        Assert.False(Ec2Failure.IsTransient(Ec2FailureKind.SubnetExhausted));
    }
}
