using System.Globalization;
using EsCni.Bench.Shipping;

// bench/shipping.sh runs this with ESCNI_TEST_POSTGRES pointing at a private PostgreSQL (fsync=on).
//   throughput [--events N] [--lag-seconds S] [--rate R]     one node: ship an N-event journal, then lag under steady ADD/DEL
//   cluster [--nodes N] [--backlog B] [--churn-seconds S] [--rate R] [--lookups L]   N shippers in one process + central projection
string admin = Environment.GetEnvironmentVariable("ESCNI_TEST_POSTGRES")
    ?? throw new InvalidOperationException("ESCNI_TEST_POSTGRES is unset; run bench/shipping.sh (it starts a private PostgreSQL)");
string mode = args.Length > 0 ? args[0] : "throughput";
int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string root = Path.Combine(Path.GetTempPath(), "escni-shipbench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
try
{
    return mode switch
    {
        "throughput" => await ThroughputBench.RunAsync(admin, root, Arg("--events", 1_000_000), Arg("--lag-seconds", 20), Arg("--rate", 200)),
        "cluster" => await ClusterBench.RunAsync(admin, root, Arg("--nodes", 200), Arg("--backlog", 1_000), Arg("--churn-seconds", 30), Arg("--rate", 1), Arg("--lookups", 1_000)),
        _ => throw new ArgumentException($"unknown mode '{mode}'; use throughput or cluster"),
    };
}
finally
{
    Directory.Delete(root, recursive: true);
}
