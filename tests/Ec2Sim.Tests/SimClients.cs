using System;
using System.Net.Http;
using Amazon.EC2;
using Amazon.Runtime;

namespace EsCni.Ec2Sim.Tests;

/// <summary>Clients pointed at a running simulator: the real AWSSDK.EC2 with its retries off, and plain HTTP for IMDS/admin.</summary>
internal static class SimClients
{
    public static AmazonEC2Client Ec2(Ec2SimHandle sim, TimeSpan? timeout = null) => Ec2(sim.Endpoint, timeout);

    public static AmazonEC2Client Ec2(Uri endpoint, TimeSpan? timeout = null) =>
        new(new BasicAWSCredentials("AKIDSIMTEST", "simtestsecret"), new AmazonEC2Config
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = "us-west-2",
            MaxErrorRetry = 0,
            // Else the SDK silently resends after a reset connection (lost responses), outside MaxErrorRetry.
            MaxStaleConnectionRetries = 0,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });

    public static HttpClient Http(Ec2SimHandle sim) => new() { BaseAddress = sim.Endpoint, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>An IMDSv2 session token (PUT /latest/api/token) valid for <paramref name="ttlSeconds"/>.</summary>
    public static async System.Threading.Tasks.Task<string> ImdsTokenAsync(HttpClient http, int ttlSeconds = 60)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", ttlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
