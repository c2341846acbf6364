using System.Diagnostics.CodeAnalysis;
using EsCni.Domain;
using EsCni.Ipamd.Hosting;

namespace EsCni.Ipamd.Introspection;

/// <summary>
/// Read-only JSON views of the daemon on INTROSPECTION_BIND_ADDRESS (default 127.0.0.1:61679): the VPC CNI's
/// <c>/v1/enis</c> plus <c>/v1/pods</c>, <c>/v1/pool</c>, <c>/v1/events?since=</c> and time travel with <c>/v1/state?at=</c>.
/// </summary>
internal static class IntrospectionEndpoints
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static IEndpointRouteBuilder MapIntrospection(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Json(new[] { "/v1/enis", "/v1/pods", "/v1/pool", "/v1/events?since=LSN&limit=N", "/v1/state?at=TIME" }));
        endpoints.MapGet("/v1/enis", (DurableNodePool pool) => Results.Json(pool.Read(p => p.GetEnis().Select(IntrospectionViews.Eni).ToList()), IntrospectionViews.Json));
        endpoints.MapGet("/v1/pods", (DurableNodePool pool) => Results.Json(pool.Read(IntrospectionViews.Pods), IntrospectionViews.Json));
        endpoints.MapGet("/v1/pool", (DurableNodePool pool, DaemonReadiness readiness, TimeProvider time, IpamdSettings settings) =>
        {
            DateTimeOffset now = time.GetUtcNow();
            return Results.Json(pool.Read(p => IntrospectionViews.Pool(p, now, readiness, settings.WarmPool.MaxEni)), IntrospectionViews.Json);
        });
        endpoints.MapGet("/v1/events", EventsEndpoint.HandleAsync);
        endpoints.MapGet("/v1/state", StateEndpoint.Handle);
        return endpoints;
    }
}
