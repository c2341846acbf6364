namespace EsCni.Ipamd.Discovery;

/// <summary>The EC2 client and node identity once discovery has succeeded; loops that need EC2 wait for it.</summary>
public sealed class CloudSession
{
    private readonly TaskCompletionSource<(IEc2Api Api, NodeIdentity Identity)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once discovery has succeeded.</summary>
    public bool IsConnected => _ready.Task.IsCompletedSuccessfully;

    /// <summary>The node identity, or null before discovery.</summary>
    public NodeIdentity? Identity => IsConnected ? _ready.Task.Result.Identity : null;

    /// <summary>Waits for discovery.</summary>
    public async Task<(IEc2Api Api, NodeIdentity Identity)> WaitAsync(CancellationToken cancellationToken) =>
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Publishes the result of discovery (once).</summary>
    public void Connect(IEc2Api api, NodeIdentity identity) => _ready.TrySetResult((api, identity));
}
