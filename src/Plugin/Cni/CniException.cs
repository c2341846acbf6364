namespace EsCni.Plugin.Cni;

/// <summary>The one way a plugin failure leaves the process: a CNI error code, message and details.</summary>
internal sealed class CniException : Exception
{
    public CniException(int code, string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details ?? "";
    }

    /// <summary>The spec's error code (see <see cref="CniErrorCode"/>).</summary>
    public int Code { get; }

    /// <summary>Longer explanation for the error JSON's "details"; empty when the message says it all.</summary>
    public string Details { get; }
}
