namespace EsCni.Projections.Enis;

/// <summary>Where an ENI is in its life, as the journal tells it.</summary>
public enum EniPhase
{
    /// <summary>CreateNetworkInterface was requested; no outcome recorded.</summary>
    CreateRequested,

    /// <summary>The create failed.</summary>
    CreateFailed,

    /// <summary>Created, not attached.</summary>
    Created,

    /// <summary>Attached to the node.</summary>
    Attached,

    /// <summary>A detach was requested.</summary>
    Detaching,

    /// <summary>Detached, not deleted.</summary>
    Detached,

    /// <summary>Deleted in EC2.</summary>
    Deleted,
}
