using System;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Util;

namespace EsCni.Ec2Sim.Tests.Imds;

/// <summary>The AWS SDK's own IMDS client and instance-profile credentials work against the simulator (the daemon's default credential chain).</summary>
public sealed class SdkImdsTests
{
    [Fact]
    public async Task InstanceProfileCredentials_FromSimulator_AreUsableAndFetchedWithToken()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        string? previous = Environment.GetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        // Only this test in the assembly uses the SDK's IMDS client, so the process-wide variable is safe here.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", sim.Endpoint.ToString());
        // The SDK reads AWS_* variables once per process (at the first client); make it read them again.
        Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();
        try
        {
            using var credentials = new InstanceProfileAWSCredentials("escni-node");

            ImmutableCredentials fetched = await credentials.GetCredentialsAsync();

            Assert.Equal("ASIASIMULATOR0000001", fetched.AccessKey);
            Assert.False(string.IsNullOrEmpty(fetched.Token));
            Assert.Equal("i-0sim00000000000001", EC2InstanceMetadata.InstanceId);
            Assert.Contains(sim.Calls.Snapshot(), c => c.Api == "imds" && c.Action == "api/token" && c.Outcome == "ok");
            Assert.Contains(sim.Calls.Snapshot(), c => c.Action == "meta-data/iam/security-credentials/escni-node" && c.Outcome == "ok");
            Assert.DoesNotContain(sim.Calls.Snapshot(), c => c.Api == "imds" && c.HttpStatus == 401);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", previous);
            Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();
        }
    }
}
