namespace EsCni.Ipamd.Ec2Loop;

/// <summary>Submits background commands (warm pool, reconciler) and logs a refusal instead of throwing.</summary>
/// <remarks>A refusal here is information (the pool changed since we looked), not a failure of the loop.</remarks>
internal sealed partial class PoolCommands
{
    private readonly DurableNodePool _pool;
    private readonly ILogger _logger;

    public PoolCommands(DurableNodePool pool, ILogger logger)
    {
        _pool = pool;
        _logger = logger;
    }

    public DurableNodePool Pool => _pool;

    public async Task<bool> SubmitAsync(PoolCommand command, CancellationToken cancellationToken)
    {
        Decision decision = await _pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        if (!decision.Accepted)
        {
            LogRefused(command.GetType().Name, decision.Rejection!.Code.ToString(), decision.Rejection.Message);
        }

        return decision.Accepted;
    }

    [LoggerMessage(EventId = LogEventIds.WarmPoolFailed, Level = LogLevel.Warning, Message = "pool refused {Command}: {Code}: {Message}")]
    private partial void LogRefused(string command, string code, string message);
}
