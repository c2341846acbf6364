// The bulk part of a golden journal: CNI ADD/DEL cycles sent straight to escni-ipamd's gRPC socket, exactly as the
// escni plugin sends them, but without a process and a network namespace per call (the plugin costs ~0.5 s per ADD on
// a busy machine; sealing several 2 MiB segments takes ~10,000 events). scripts/golden-journal.sh compiles and runs it
// with `--churn N`; it is not part of the build.
//
//   ChurnDriver SOCKET CLIENT_VERSION CYCLES
//
// Each cycle adds one pod (long, realistic names, a 64-hex container id, a CRI-style netns path) and deletes it.
// "No free IP now" or "not ready" (the pool growing behind a burst, a start) is retried after 50 ms, as kubelet would.
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

string socketPath = args[0];
string clientVersion = args[1];
int cycles = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);

using GrpcChannel channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    },
});
var client = new CniBackend.CniBackendClient(channel);
int retries = 0;
for (int i = 1; i <= cycles; i++)
{
    string pod = $"batch-worker-{Hex($"pod{i}")[..10]}-{Hex($"rs{i}")[..5]}";
    string containerId = Hex($"container{i}");
    string uid = Guid.Parse(Hex($"uid{i}")[..32]).ToString();
    while (true)
    {
        try
        {
            await client.AddNetworkAsync(new AddNetworkRequest
            {
                ClientVersion = clientVersion, K8SPodName = pod, K8SPodNamespace = "data-pipeline", K8SPodInfraContainerId = containerId,
                Netns = $"/var/run/netns/cni-{uid}", IfName = "eth0", NetworkName = "escni", ContainerId = containerId, K8SPodUid = uid,
                RequestId = Hex($"add{i}")[..16],
            });
            break;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable)
        {
            retries++;
            await Task.Delay(50);
        }
    }

    await client.DelNetworkAsync(new DelNetworkRequest
    {
        ClientVersion = clientVersion, K8SPodName = pod, K8SPodNamespace = "data-pipeline", K8SPodInfraContainerId = containerId,
        Reason = "PodDeleted", ContainerId = containerId, IfName = "eth0", NetworkName = "escni", K8SPodUid = uid, RequestId = Hex($"del{i}")[..16],
    });
    if (i % 1000 == 0)
    {
        Console.WriteLine($"churn {i}/{cycles} ({retries} ADD retries)");
    }
}

static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
