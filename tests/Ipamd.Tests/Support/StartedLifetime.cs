using Microsoft.Extensions.Hosting;

namespace EsCni.Ipamd.Tests.Support;

/// <summary>A host lifetime whose application has already started (the daemon serves), for services run outside a host.</summary>
internal sealed class StartedLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted { get; } = new(canceled: true);

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}
