using Grpc.Core;

namespace EsCni.ContainerRuntime;

/// <summary>A failed CRI call: which socket, which call, the gRPC status, and what to check.</summary>
public sealed class ContainerRuntimeException : Exception
{
    public ContainerRuntimeException()
    {
    }

    public ContainerRuntimeException(string message)
        : base(message)
    {
    }

    public ContainerRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private ContainerRuntimeException(string message, StatusCode statusCode, RpcException innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The gRPC status of the failed call (Unavailable: nothing answers on the socket).</summary>
    public StatusCode StatusCode { get; }

    /// <summary>True when the runtime did not answer at all (down, restarting, wrong socket), as opposed to refusing the call.</summary>
    public bool IsUnreachable => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    /// <summary>True when the runtime answered that the sandbox does not exist.</summary>
    public bool IsNotFound => StatusCode == StatusCode.NotFound;

    internal static ContainerRuntimeException From(string socketPath, string method, RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => new ContainerRuntimeException(
            File.Exists(socketPath)
                ? $"the container runtime on {socketPath} did not answer {method} ({e.StatusCode}): {e.Status.Detail}. Check that containerd runs and serves CRI on this socket (`crictl --runtime-endpoint unix://{socketPath} version`)"
                : $"the container runtime socket {socketPath} does not exist ({method}). Start containerd, or set the CRI socket path to where it listens",
            e.StatusCode,
            e),
        StatusCode.Unimplemented => new ContainerRuntimeException(
            $"the runtime on {socketPath} does not implement CRI runtime.v1 {method}: {e.Status.Detail}. Enable its CRI plugin (containerd: not listed in disabled_plugins) or use a runtime that serves CRI v1 (containerd ≥ 1.6)",
            e.StatusCode,
            e),
        _ => new ContainerRuntimeException(
            $"CRI {method} on {socketPath} failed ({e.StatusCode}): {e.Status.Detail}",
            e.StatusCode,
            e),
    };
}
