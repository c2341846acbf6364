using EsCni.Ipamd.Grpc;
using EsCni.Ipamd.Spool;
using EsCni.Ipamd.HostRepair;
using EsCni.ClusterStore.Shipping;
using EsCni.Ipamd.Ec2Loop;
using EsCni.Ipamd.RuntimeGc;
using EsCni.Ipamd.Takeover;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EsCni.Ipamd.Hosting;

/// <summary>Wires the daemon's services: the pool and journal it was started with, gRPC, cloud clients, background loops.</summary>
internal static class IpamdServiceCollectionExtensions
{
    public static IServiceCollection AddIpamd(this IServiceCollection services, IpamdSettings settings, NodeJournal journal, DurableNodePool pool, RecoveredPool recovered, IpamdMetrics metrics, DelSpool spool)
    {
        services.AddSingleton(settings);
        services.AddSingleton(journal);
        services.AddSingleton(pool);
        services.AddSingleton(spool);
        services.AddSingleton(recovered);
        services.AddSingleton(metrics);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new DaemonReadiness(pool) { Ipv6 = settings.Ipv6 });
        services.AddSingleton<SubnetExhaustion>();
        services.AddSingleton<CloudSession>();
        services.AddSingleton<VpcCniTakeover>();
        services.AddSingleton<IEc2CallObserver, Ec2CallMetrics>();
        services.AddSingleton(provider => new ImdsClient(settings.Imds, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostNetworkReconciler>(_ => new HostNetworkReconciler(HostCommandRunner.Host));

        services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = 64 * 1024; // CNI requests are a few hundred bytes; refuse anything absurd early
            // Status details come from our own RpcExceptions; an unexpected exception's text stays in the daemon log.
            options.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks().AddCheck<PoolHealthCheck>("pool");

        return services.AddBackgroundLoops(settings);
    }

    /// <summary>
    /// The daemon's background work: pool metrics, the warm pool and EC2 reconcile, the host network, the DEL spool scan,
    /// the runtime GC, the native heap trim, and the shipper when a cluster store is configured.
    /// </summary>
    internal static IServiceCollection AddBackgroundLoops(this IServiceCollection services, IpamdSettings settings)
    {
        services.AddHostedService<PoolMetricsRefresher>();
        services.AddHostedService<PoolMaintenanceLoop>();
        services.AddHostedService<HostNetworkLoop>();
        services.AddHostedService<DelSpoolScan>();
        services.AddSingleton(PodSandboxSource(settings.RuntimeGc));
        services.AddHostedService<RuntimeGcLoop>();
        services.AddHostedService<NativeHeapTrim>();
        if (settings.Daemon.PostgresConnectionString is not null)
        {
            services.AddHostedService<JournalShipper>();
        }

        return services;
    }

    // Whenever the socket is absent at start the runtime GC stays off and says why once: a node without containerd
    // (or without the mount) must not count "cannot ask" as "no pods".
    internal static IPodSandboxSource PodSandboxSource(RuntimeGcOptions options) =>
        !options.Enabled ? new NoPodSandboxSource("ESCNI_CRI_GC=false")
        : !File.Exists(options.CriSocket) ? new NoPodSandboxSource($"CRI socket {options.CriSocket} does not exist (ESCNI_CRI_SOCKET); is the runtime containerd, and is its socket mounted into the pod?")
        : new CriPodSandboxSource(options.CriSocket);
}
