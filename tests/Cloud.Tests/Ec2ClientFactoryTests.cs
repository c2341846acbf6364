using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>Building the SDK client: credentials from the IMDS instance role, options from the environment.</summary>
public sealed class Ec2ClientFactoryTests
{
    [Fact]
    public async Task CreateApi_NoExplicitCredentials_SdkTakesInstanceRoleFromImdsEndpointVariable()
    {
        // ImdsRoleEndpoint pointed AWS_EC2_METADATA_SERVICE_ENDPOINT (trailing slash and all) at this port at assembly load.
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(port: ImdsRoleEndpoint.Port);
        Assert.Null(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
        Ec2ClientOptions options = SimulatedCloud.FastOptions(cloud.Endpoint);
        options.Credentials = null;
        await using Ec2Api api = await Ec2ClientFactory.CreateApiAsync(options, cloud.Imds, new InMemoryEc2CallObserver(), TimeProvider.System, CancellationToken.None);

        InstanceDescription instance = (await api.DescribeInstanceAsync(CancellationToken.None)).Value;

        Assert.Equal(SimulatedCloud.InstanceId, instance.InstanceId);
        Assert.Contains(cloud.ImdsCalls(), c => c.Action == "meta-data/iam/security-credentials/escni-node" && c.HttpStatus == 200);
    }

    [Fact]
    public void FromEnvironment_BadValues_ReportsEveryVariableAtOnce()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_EC2_ENDPOINT"] = "not a url",
            ["ESCNI_EC2_DESCRIBE_RATE"] = "fast",
            ["ESCNI_EC2_MUTATE_BURST"] = "0",
            ["HTTP_TIMEOUT"] = "-3",
        };
        var problems = new List<string>();

        Ec2ClientOptions options = Ec2ClientOptions.FromEnvironment(name => env.GetValueOrDefault(name), problems);

        Assert.Equal(4, problems.Count);
        foreach (string name in env.Keys)
        {
            Assert.Single(problems, p => p.StartsWith(name + "=", StringComparison.Ordinal));
        }

        Assert.Null(options.Endpoint);
        Assert.Equal(2, options.DescribeRateLimit.TokensPerSecond);
    }

    [Fact]
    public void FromEnvironment_GoodValues_Applied()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_EC2_ENDPOINT"] = "http://127.0.0.1:5000",
            ["CLUSTER_NAME"] = "prod",
            ["ESCNI_EC2_MUTATE_RATE"] = "0.5",
            ["HTTP_TIMEOUT"] = "15",
        };
        var problems = new List<string>();

        Ec2ClientOptions options = Ec2ClientOptions.FromEnvironment(name => env.GetValueOrDefault(name), problems);

        Assert.Empty(problems);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), options.Endpoint);
        Assert.Equal("prod", options.ClusterName);
        Assert.Equal(0.5, options.MutateRateLimit.TokensPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(15), options.AttemptTimeout);
    }

    [Fact]
    public void ImdsFromEnvironment_EndpointVariable_UsedAndDefaultOtherwise()
    {
        var problems = new List<string>();

        ImdsOptions set = ImdsOptions.FromEnvironment(n => n == "AWS_EC2_METADATA_SERVICE_ENDPOINT" ? "http://127.0.0.1:8111/" : null, problems);
        ImdsOptions unset = ImdsOptions.FromEnvironment(_ => null, problems);

        Assert.Empty(problems);
        Assert.Equal(new Uri("http://127.0.0.1:8111/"), set.Endpoint);
        Assert.Equal(new Uri("http://169.254.169.254/"), unset.Endpoint);
    }
}
