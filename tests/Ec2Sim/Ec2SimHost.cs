using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Admin;
using EsCni.Ec2Sim.Imds;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.NodeNetns;
using EsCni.Ec2Sim.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsCni.Ec2Sim;

/// <summary>Starts the simulator on real Kestrel at 127.0.0.1 (in-process for .NET tests, or from Program for the process form).</summary>
public static class Ec2SimHost
{
    private static readonly Regex s_repeatedSlashes = new("/{2,}", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Builds the world, starts serving EC2 (POST /), IMDS (/latest/…) and admin (/admin/…) on one port, and prepares the node namespace if asked.</summary>
    /// <exception cref="ArgumentException">The scenario or fault settings are invalid.</exception>
    /// <exception cref="InvalidOperationException">The node namespace could not be prepared.</exception>
    public static async Task<Ec2SimHandle> StartAsync(SimOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var simulator = new Simulator(options.Scenario ?? Scenario.Default, options.Faults, options.Time, options.Seed);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Ec2SimHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // stdout carries only the "listening on" line; everything else goes to stderr, and only warnings.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        WebApplication app = builder.Build();
        var imds = new ImdsEndpoint(simulator);
        // The AWS SDKs join an endpoint ending in '/' with "/latest/..." into "//latest/..."; serve it as IMDS would.
        app.Use((context, next) =>
        {
            string? path = context.Request.Path.Value;
            if (path is not null && path.Contains("//", StringComparison.Ordinal))
            {
                context.Request.Path = new PathString(s_repeatedSlashes.Replace(path, "/"));
            }
            return next(context);
        });
        app.UseRouting();
        app.MapMethods("/", ["GET", "POST"], (HttpContext context) => QueryEndpoint.HandleAsync(context, simulator));
        app.Map("/latest/{**path}", (HttpContext context, string? path) => imds.HandleAsync(context, path ?? ""));
        app.MapAdmin(simulator);
        app.MapFallback((HttpContext context) => UnmatchedAsync(context, simulator));

        NodeHotplug? hotplug = null;
        if (options.NodeNetns is not null)
        {
            hotplug = await NodeHotplug.StartAsync(simulator, options.NodeNetns, cancellationToken);
        }
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            if (hotplug is not null)
            {
                await hotplug.DisposeAsync();
            }
            await app.DisposeAsync();
            throw;
        }
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(address).Port;
        return new Ec2SimHandle(app, new Uri($"http://127.0.0.1:{port}/"), simulator, hotplug);
    }

    // Recorded rather than silently 404ed, so a client that builds a wrong URL shows up in /admin/calls.
    private static Task UnmatchedAsync(HttpContext context, Simulator simulator)
    {
        string what = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
        simulator.Calls.Add(simulator.Time.GetUtcNow(), "http", what, "", "error", "NotFound", 404, "", 0);
        context.Response.StatusCode = 404;
        return context.Response.WriteAsync($"ec2sim: no route for {what}; EC2 is POST /, IMDS /latest/..., admin /admin/...", context.RequestAborted);
    }
}
