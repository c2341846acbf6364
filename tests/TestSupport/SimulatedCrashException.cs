using System.IO;

namespace EsCni.Testing;

/// <summary>Thrown by <see cref="FaultInjectingFileSystem"/> at its crash point and by every call after it ("the process died").</summary>
internal sealed class SimulatedCrashException : IOException
{
    public SimulatedCrashException(string message)
        : base(message)
    {
    }
}
