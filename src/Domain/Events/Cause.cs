namespace EsCni.Domain.Events;

/// <summary>Who caused an event, with the ids that let an incident be traced to a request or an EC2 call.</summary>
/// <param name="Kind">The kind of actor.</param>
/// <param name="RequestId">The CNI request or operator command id, when there is one.</param>
/// <param name="AwsRequestId">The EC2 request id of the call whose outcome this event records.</param>
/// <param name="ClientToken">The EC2 idempotency token used for the call.</param>
public sealed record Cause(CauseKind Kind, string? RequestId = null, string? AwsRequestId = null, string? ClientToken = null)
{
    /// <summary>A cause with no ids.</summary>
    public static Cause Of(CauseKind kind) => kind switch
    {
        CauseKind.CniRequest => s_cni,
        CauseKind.Reconciler => s_reconciler,
        CauseKind.WarmPool => s_warmPool,
        CauseKind.Operator => s_operator,
        _ => s_startup,
    };

    private static readonly Cause s_cni = new(CauseKind.CniRequest);
    private static readonly Cause s_reconciler = new(CauseKind.Reconciler);
    private static readonly Cause s_warmPool = new(CauseKind.WarmPool);
    private static readonly Cause s_operator = new(CauseKind.Operator);
    private static readonly Cause s_startup = new(CauseKind.Startup);
}
