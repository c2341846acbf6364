using System.Net;
using EsCni.Ipamd.Grpc;
using EsCni.Ipamd.Introspection;
using EsCni.Ipamd.Spool;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;

namespace EsCni.Ipamd.Hosting;

/// <summary>
/// The daemon's ASP.NET Core application: gRPC on the unix socket only, introspection and metrics on their TCP
/// addresses only, and the background loops.
/// </summary>
/// <remarks>
/// Kestrel serves every route on every listener, so each request is checked against the listener it came in on:
/// gRPC over TCP would let any hostNetwork pod forge DelNetwork (VPC CNI PR #3739), and introspection must not be
/// reachable through the socket's HTTP/2-only listener by accident either.
/// </remarks>
internal static class DaemonApplication
{
    public static WebApplication Build(IpamdSettings settings, NodeJournal journal, DurableNodePool pool, RecoveredPool recovered, IpamdMetrics metrics, DelSpool spool)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "escni-ipamd", Args = HostArgs });
        DaemonLogging.Configure(builder.Logging, settings.Daemon);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(settings.Daemon.SocketPath, listen => listen.Protocols = HttpProtocols.Http2);
            if (!settings.Daemon.IntrospectionDisabled)
            {
                kestrel.Listen(settings.Daemon.IntrospectionAddress, listen => listen.Protocols = HttpProtocols.Http1);
            }

            if (!settings.Daemon.MetricsDisabled)
            {
                kestrel.Listen(settings.Daemon.MetricsAddress, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(10));

        builder.Services.AddIpamd(settings, journal, pool, recovered, metrics, spool);
        WebApplication app = builder.Build();

        int introspectionPort = settings.Daemon.IntrospectionDisabled ? -1 : settings.Daemon.IntrospectionAddress.Port;
        int metricsPort = settings.Daemon.MetricsDisabled ? -1 : settings.Daemon.MetricsAddress.Port;
        app.Use(async (context, next) =>
        {
            if (!IsAllowedOnListener(context, introspectionPort, metricsPort))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        app.MapGrpcService<CniBackendService>();
        app.MapGrpcHealthChecksService();
        app.MapIntrospection();
        app.MapMetricsEndpoint();
        return app;
    }

    // The daemon is configured by environment variables only (IpamdSettings): no appsettings.json reload watcher (a
    // thread and an inotify watch on the working directory) and no scan of our assembly's attributes for hosting
    // startups (it loads the assembly of every attribute). Given as arguments so they apply while the builder is made.
    private static readonly string[] HostArgs = ["--hostBuilder:reloadConfigOnChange=false", "--preventHostingStartup=true"];

    private static bool IsAllowedOnListener(HttpContext context, int introspectionPort, int metricsPort)
    {
        // A unix-socket connection has no local IP address.
        bool onSocket = context.Connection.LocalIpAddress is null;
        PathString path = context.Request.Path;
        bool isGrpc = path.StartsWithSegments("/escni.v1.CniBackend", StringComparison.Ordinal)
            || path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);
        if (onSocket)
        {
            return isGrpc;
        }

        int port = context.Connection.LocalPort;
        if (path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            return port == metricsPort;
        }

        return !isGrpc && port == introspectionPort;
    }
}
