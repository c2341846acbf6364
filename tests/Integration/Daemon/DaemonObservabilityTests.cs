using System.Globalization;
using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>Introspection (events, time travel) and Prometheus metrics of the running daemon.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonObservabilityTests
{
    [Fact]
    public async Task Introspection_EventsAndTimeTravel_ShowTheAllocationOnlyAfterItHappened()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        // Taken before the ADD is sent, so the allocation is stamped later on the same clock: no sleep needed between.
        DateTimeOffset before = DateTimeOffset.UtcNow;
        using GrpcChannel channel = stack.OpenChannel();
        AddNetworkReply added = await new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("seen", "web-1"));
        string ip = added.IpAllocationMetadata[0].Ipv4Addr;

        JsonElement events = await stack.GetJsonAsync("/v1/events?since=0&limit=1000");
        JsonElement allocated = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "IpAllocated");
        Assert.Contains(ip, allocated.GetProperty("event").ToString(), StringComparison.Ordinal);

        JsonElement then = await stack.GetJsonAsync("/v1/state?at=" + Uri.EscapeDataString(before.ToString("O", CultureInfo.InvariantCulture)));
        Assert.Empty(then.GetProperty("pods").EnumerateArray());
        JsonElement now = await stack.GetJsonAsync("/v1/state?at=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture)));
        Assert.Equal(ip, Assert.Single(now.GetProperty("pods").EnumerateArray()).GetProperty("ip").GetString());
    }

    [Fact]
    public async Task Metrics_AfterTraffic_ExposeEscniSeries()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        using GrpcChannel channel = stack.OpenChannel();
        await new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("metered"));
        string metrics = await ScrapeUntilAsync(stack, "escni_assigned_ip_addresses 1", TimeSpan.FromSeconds(10)); // gauges refresh once a second

        Assert.Contains("escni_add_ip_req_count{outcome=\"allocated\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("escni_assigned_ip_addresses 1", metrics, StringComparison.Ordinal);
        Assert.Contains("escni_journal_fsync_latency_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^escni_journal_volume_free_bytes [1-9]", metrics);
        Assert.Contains("escni_ec2api_req_count{api=\"DescribeNetworkInterfaces\"", metrics, StringComparison.Ordinal);
        Assert.Contains("escni_ipamd_startup_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PrometheusAsksForOpenMetrics_GetsIt_OthersGetTheTextFormat()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3" });
        await stack.StartDaemonAsync();

        using HttpResponseMessage plain = await stack.Metrics.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", plain.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain("# EOF", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The header Prometheus 2.x and 3.x send (scrape_protocols' default order).
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
        using HttpResponseMessage open = await stack.Metrics.SendAsync(request);
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", open.Content.Headers.ContentType?.ToString());
        string body = await open.Content.ReadAsStringAsync();
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Contains("escni_ipamd_startup_duration_seconds", body, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeUntilAsync(NodeStack stack, string series, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string metrics = await stack.Metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (metrics.Contains(series, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return metrics;
            }

            await Task.Delay(100);
        }
    }
}
