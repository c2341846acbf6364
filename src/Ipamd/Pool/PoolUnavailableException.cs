namespace EsCni.Ipamd.Pool;

/// <summary>The pool cannot take commands because its journal failed; the daemon is stopping and kubelet will restart it.</summary>
public sealed class PoolUnavailableException : Exception
{
    /// <summary>Wraps the journal failure.</summary>
    public PoolUnavailableException(Exception failure)
        : base($"the node pool is unavailable because its journal failed ({failure?.Message}); escni-ipamd is stopping and will recover from the journal on restart", failure)
    {
    }

    /// <summary>For serializers.</summary>
    public PoolUnavailableException()
    {
    }

    /// <summary>For serializers.</summary>
    public PoolUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>For serializers.</summary>
    public PoolUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
