using Prometheus;

namespace EsCni.Ipamd.Metrics;

/// <summary>
/// <c>GET /metrics</c> on METRICS_BIND_ADDRESS: the default Prometheus registry, in OpenMetrics when the scraper asks
/// for it (Prometheus does, with exemplars) and in the classic text format otherwise.
/// </summary>
/// <remarks>
/// prometheus-net.AspNetCore's <c>MapMetrics</c> did this, and brought MVC, Razor and Blazor into the daemon's
/// trimmed publish for its other features (about 6 MB kept whole); the daemon needs only the exposition.
/// </remarks>
internal static class MetricsEndpoint
{
    private const string OpenMetricsMediaType = "application/openmetrics-text";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", WriteAsync);
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        bool openMetrics = context.Request.GetTypedHeaders().Accept.Any(t => t.MediaType.Equals(OpenMetricsMediaType, StringComparison.OrdinalIgnoreCase));
        HttpResponse response = context.Response;
        response.ContentType = openMetrics
            ? PrometheusConstants.OpenMetricsContentTypeWithVersionAndEncoding
            : PrometheusConstants.TextContentTypeWithVersionAndEncoding;
        try
        {
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(
                response.Body, openMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ScrapeFailedException ex)
        {
            // Thrown by a before-collect callback, before anything is written: the status can still change.
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(ex.Message, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
