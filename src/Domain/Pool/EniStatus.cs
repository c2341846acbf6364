namespace EsCni.Domain.Pool;

/// <summary>Where an attached ENI is in its life.</summary>
public enum EniStatus
{
    /// <summary>Attached; its free IPs are handed out.</summary>
    Attached,

    /// <summary>A detach was requested; its IPs are not handed out.</summary>
    Detaching,
}
