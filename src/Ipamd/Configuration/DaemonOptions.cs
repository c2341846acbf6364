using System.Net;

namespace EsCni.Ipamd.Configuration;

/// <summary>Where the daemon keeps its journal and serves its endpoints; read from environment variables.</summary>
public sealed record DaemonOptions
{
    /// <summary><c>ESCNI_JOURNAL_DIR</c>, default <c>/var/lib/escni/journal</c>: the journal directory (a hostPath, never tmpfs).</summary>
    public required string JournalDirectory { get; init; }

    /// <summary>
    /// <c>ESCNI_SPOOL_DIR</c>, default <c>spool</c> beside the journal directory (<c>/var/lib/escni/spool</c>): where
    /// the plugin spools DELs it could not hand over; must equal the CNI config's <c>spoolDir</c>, on the same hostPath.
    /// </summary>
    public required string SpoolDirectory { get; init; }

    /// <summary>
    /// <c>AWS_VPC_K8S_CNI_BACKING_STORE</c> (the VPC CNI's own variable), default <c>/var/run/aws-node/ipam.json</c>:
    /// the VPC CNI checkpoint read on a start whose journal never recorded a node, to adopt the pods it wired.
    /// </summary>
    public string VpcCniCheckpointPath { get; init; } = "/var/run/aws-node/ipam.json";

    /// <summary>
    /// <c>ESCNI_FAULT_KILL_BEFORE_ADOPTION</c>, default false: a fault hook for tests — the daemon SIGKILLs itself just
    /// before it adopts the VPC CNI checkpoint, after NodeStarted and the pending mark are journaled. Never set it on a node.
    /// </summary>
    public bool FaultKillBeforeAdoption { get; init; }

    /// <summary><c>ESCNI_SPOOL_SCAN_S</c>, default 5: how often a running daemon looks for newly spooled DELs.</summary>
    public TimeSpan SpoolScanInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>ESCNI_SOCKET</c>, default <c>/run/escni/ipamd.sock</c>: the gRPC unix socket (mode 0660).</summary>
    public required string SocketPath { get; init; }

    /// <summary><c>INTROSPECTION_BIND_ADDRESS</c>, default <c>127.0.0.1:61679</c>: read-only JSON introspection.</summary>
    public required IPEndPoint IntrospectionAddress { get; init; }

    /// <summary><c>DISABLE_INTROSPECTION</c>, default false.</summary>
    public bool IntrospectionDisabled { get; init; }

    /// <summary><c>METRICS_BIND_ADDRESS</c>, default <c>:61678</c>: Prometheus <c>/metrics</c>.</summary>
    public required IPEndPoint MetricsAddress { get; init; }

    /// <summary><c>DISABLE_METRICS</c>, default false.</summary>
    public bool MetricsDisabled { get; init; }

    /// <summary><c>ESCNI_SNAPSHOT_EVERY</c>, default 50000: events between two pool snapshots.</summary>
    public int SnapshotEvery { get; init; } = 50_000;

    /// <summary><c>ESCNI_JOURNAL_SEGMENT_MIB</c>, default 64: size of each preallocated journal segment file.</summary>
    public int JournalSegmentMiB { get; init; } = 64;

    /// <summary><c>ESCNI_LOG_FORMAT</c>, <c>text</c> (default) or <c>json</c>.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary><c>ESCNI_LOG_LEVEL</c>, default <c>Information</c>.</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary><c>ESCNI_POSTGRES</c>: connection string of the cluster store; shipping is off when unset.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary><c>CLUSTER_NAME</c>: tagged on ENIs we create; optional.</summary>
    public string? ClusterName { get; init; }

    /// <summary><c>NODE_NAME</c> (the DaemonSet fills it from <c>spec.nodeName</c>): the node's name in the cluster
    /// store; when unset the shipper names the node by the EC2 instance id of the journal's NodeStarted.</summary>
    public string? NodeName { get; init; }

    /// <summary>Reads the options, recording problems in <paramref name="reader"/>.</summary>
    public static DaemonOptions Read(SettingsReader reader)
    {
        string journal = reader.AbsolutePath("ESCNI_JOURNAL_DIR", "/var/lib/escni/journal");
        return new DaemonOptions
        {
            JournalDirectory = journal,
            SpoolDirectory = reader.AbsolutePath("ESCNI_SPOOL_DIR", Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(journal)) ?? "/", "spool")),
            VpcCniCheckpointPath = reader.AbsolutePath("AWS_VPC_K8S_CNI_BACKING_STORE", "/var/run/aws-node/ipam.json"),
            FaultKillBeforeAdoption = reader.Bool("ESCNI_FAULT_KILL_BEFORE_ADOPTION", false),
            SpoolScanInterval = reader.Seconds("ESCNI_SPOOL_SCAN_S", TimeSpan.FromSeconds(5), 1, 3600),
            SocketPath = reader.AbsolutePath("ESCNI_SOCKET", "/run/escni/ipamd.sock"),
            IntrospectionAddress = reader.BindAddress("INTROSPECTION_BIND_ADDRESS", "127.0.0.1:61679"),
            IntrospectionDisabled = reader.Bool("DISABLE_INTROSPECTION", false),
            MetricsAddress = reader.BindAddress("METRICS_BIND_ADDRESS", ":61678"),
            MetricsDisabled = reader.Bool("DISABLE_METRICS", false),
            SnapshotEvery = reader.Int("ESCNI_SNAPSHOT_EVERY", 50_000, 1, 100_000_000),
            JournalSegmentMiB = reader.Int("ESCNI_JOURNAL_SEGMENT_MIB", 64, 2, 1024),
            LogFormat = reader.Choice("ESCNI_LOG_FORMAT", "text", "text", "json"),
            LogLevel = reader.Choice("ESCNI_LOG_LEVEL", "Information", "Trace", "Debug", "Information", "Warning", "Error"),
            PostgresConnectionString = reader.Raw("ESCNI_POSTGRES"),
            ClusterName = reader.Raw("CLUSTER_NAME"),
            NodeName = NodeNameOf(reader),
        };
    }

    private static string? NodeNameOf(SettingsReader reader)
    {
        string? name = reader.Raw("NODE_NAME");
        if (name is not null && name.Contains(':', StringComparison.Ordinal))
        {
            reader.AddProblem($"NODE_NAME='{name}' contains ':', which separates the parts of a cluster-store stream key; set it to the Kubernetes node name (spec.nodeName).");
            return null;
        }

        return name;
    }
}
