using System.Runtime.InteropServices;

namespace EsCni.Plugin.Daemon;

/// <summary>A failed syscall on the daemon's unix socket; <see cref="UnaryGrpcCall"/> turns it into an RpcException.</summary>
internal sealed class UnixStreamException : IOException
{
    /// <param name="operation">What failed, e.g. "connect(/run/escni/ipamd.sock)".</param>
    /// <param name="errno">The errno, or 0 when the message says it all.</param>
    public UnixStreamException(string operation, int errno)
        : base(errno == 0 ? operation : $"{operation}: {Marshal.GetPInvokeErrorMessage(errno)}")
    {
        Errno = errno;
    }

    public int Errno { get; }

    /// <summary>True when the call's deadline passed while waiting for the daemon.</summary>
    public bool IsTimeout => Errno == Tmds.Linux.LibC.ETIMEDOUT;
}
