using System.Diagnostics;
using Amazon.EC2;
using Amazon.Runtime;
using Polly;
using Polly.CircuitBreaker;

namespace EsCni.Cloud;

/// <summary>The <see cref="IEc2Api"/> over <c>AWSSDK.EC2</c>: every SDK call goes through <see cref="CallAsync"/>,
/// which runs it in its class's pipeline, measures it and maps failures to the <see cref="CloudException"/> family.</summary>
public sealed partial class Ec2Api : IEc2Api, IAsyncDisposable
{
    private readonly IAmazonEC2 _client;
    private readonly Ec2ClientOptions _options;
    private readonly IEc2CallObserver _observer;
    private readonly TimeProvider _time;
    private readonly Ec2CallPipeline _describe;
    private readonly Ec2CallPipeline _mutate;

    /// <summary>Creates the API for <paramref name="instanceId"/> over an SDK client whose own retries are off
    /// (see <see cref="Ec2ClientFactory"/>).</summary>
    public Ec2Api(IAmazonEC2 client, string instanceId, Ec2ClientOptions options, IEc2CallObserver observer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        InstanceId = instanceId;
        _options = options;
        _observer = observer;
        _time = time;
        _describe = Ec2CallPipeline.Create(Ec2ApiClass.Describe, options, time);
        _mutate = Ec2CallPipeline.Create(Ec2ApiClass.Mutate, options, time);
    }

    /// <inheritdoc />
    public string InstanceId { get; }

    /// <summary>State of the breaker of <paramref name="apiClass"/>, for metrics and introspection.</summary>
    public CircuitState CircuitStateOf(Ec2ApiClass apiClass) => (apiClass == Ec2ApiClass.Describe ? _describe : _mutate).CircuitState;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _describe.DisposeAsync().ConfigureAwait(false);
        await _mutate.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs one logical call in the pipeline of <paramref name="apiClass"/>, reports it, and maps its failure.</summary>
    private async Task<(TResponse Response, Ec2Receipt Receipt)> CallAsync<TResponse>(
        string api,
        Ec2ApiClass apiClass,
        string? clientToken,
        Func<CancellationToken, Task<TResponse>> send,
        CancellationToken cancellationToken,
        bool repeatableAfterUnknownOutcome = true)
        where TResponse : AmazonWebServiceResponse
    {
        var state = new Ec2CallState { RepeatableAfterUnknownOutcome = repeatableAfterUnknownOutcome };
        DateTimeOffset startedAt = _time.GetUtcNow();
        long started = Stopwatch.GetTimestamp();
        ResilienceContext context = ResilienceContextPool.Shared.Get(api, cancellationToken);
        context.Properties.Set(Ec2CallPipeline.StateKey, state);
        try
        {
            ResiliencePipeline pipeline = (apiClass == Ec2ApiClass.Describe ? _describe : _mutate).Pipeline;
            TResponse response = await pipeline.ExecuteAsync(
                static async (ctx, s) => await s.Api.AttemptAsync(s.State, s.Send, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Api: this, State: state, Send: send)).ConfigureAwait(false);
            Report(api, apiClass, Ec2CallOutcome.Succeeded, null, state, startedAt, started, clientToken);
            return (response, new Ec2Receipt(api, state.RequestId, clientToken, state.Attempts));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Report(api, apiClass, Ec2CallOutcome.Canceled, "Canceled", state, startedAt, started, clientToken);
            throw;
        }
        catch (Exception e) when (e is not CloudException)
        {
            Ec2FailureKind kind = Ec2Failure.Classify(e);
            string code = Ec2Failure.CodeOf(e, kind);
            Report(api, apiClass, OutcomeOf(kind), code, state, startedAt, started, clientToken);
            throw ToCloudException(api, apiClass, kind, code, state, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One HTTP attempt: counts it and remembers what its failure says about the mutation's fate.</summary>
    private async Task<TResponse> AttemptAsync<TResponse>(Ec2CallState state, Func<CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse
    {
        state.Attempts++;
        try
        {
            TResponse response = await send(cancellationToken).ConfigureAwait(false);
            state.RequestId = response.ResponseMetadata?.RequestId;
            return response;
        }
        catch (Exception e)
        {
            if (e is AmazonServiceException { RequestId: { Length: > 0 } requestId })
            {
                state.RequestId = requestId;
            }

            Ec2FailureKind kind = Ec2Failure.Classify(e);
            if (kind == Ec2FailureKind.Throttled)
            {
                state.Throttles++;
            }

            // A throttled or rejected request was not applied; a 5xx, a timeout or a cut connection may have been.
            if (Ec2Failure.CountsAgainstBreaker(kind))
            {
                state.OutcomeUnknown = true;
            }

            throw;
        }
    }

    private void Report(string api, Ec2ApiClass apiClass, Ec2CallOutcome outcome, string? code, Ec2CallState state, DateTimeOffset startedAt, long started, string? clientToken)
    {
        var record = new Ec2CallRecord(api, apiClass, outcome, code, state.Attempts, state.Throttles, startedAt,
            Stopwatch.GetElapsedTime(started), state.LimiterWait, state.RequestId, clientToken);
        try
        {
            _observer.OnCallCompleted(record);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken metrics hook must not turn a successful ENI attach into a failure the daemon would retry.
            Debug.Fail($"IEc2CallObserver threw: {e}");
        }
    }

    private static Ec2CallOutcome OutcomeOf(Ec2FailureKind kind) => kind switch
    {
        Ec2FailureKind.Throttled or Ec2FailureKind.LocalRateLimit => Ec2CallOutcome.Throttled,
        Ec2FailureKind.ServerError or Ec2FailureKind.Timeout or Ec2FailureKind.ConnectionLost or Ec2FailureKind.CircuitOpen => Ec2CallOutcome.Unavailable,
        _ => Ec2CallOutcome.Rejected,
    };

    private CloudException ToCloudException(string api, Ec2ApiClass apiClass, Ec2FailureKind kind, string code, Ec2CallState state, Exception e)
    {
        string ids = $"request id {state.RequestId ?? "none"}, {state.Attempts} attempt(s)";
        string classWord = apiClass == Ec2ApiClass.Describe ? "describe" : "mutating";
        bool unknown = apiClass == Ec2ApiClass.Mutate && state.OutcomeUnknown;
        string settle = unknown ? " The change may have been applied: describe the ENI before repeating it." : string.Empty;
        return kind switch
        {
            Ec2FailureKind.CircuitOpen => new Ec2UnavailableException(
                $"EC2 {api} was not sent: the circuit breaker for {classWord} calls is open after repeated 5xx/timeouts ({ids}); " +
                $"it lets a probe through after {_options.CircuitBreaker.BreakDuration.TotalSeconds:0.#} s — check EC2 reachability (AWS_EC2_ENDPOINT) and retry later.{settle}",
                api, code, state.RequestId, unknown, circuitOpen: true, e),
            Ec2FailureKind.LocalRateLimit => new Ec2ThrottledException(
                $"EC2 {api} was refused by the node's own {classWord} token bucket: more than {QueueLimitOf(apiClass)} calls already wait for a token; " +
                $"the caller is issuing calls faster than the bucket refills — batch them, or raise ESCNI_EC2_*_RATE.{settle}",
                api, code, state.RequestId, unknown, e),
            Ec2FailureKind.Throttled => new Ec2ThrottledException(
                $"EC2 {api} failed: throttled ({code}) on every one of {state.Attempts} attempt(s) ({ids}); the account's EC2 API budget is exhausted " +
                $"by this or other callers — back off and retry later, or lower ESCNI_EC2_*_RATE on busy clusters.{settle}",
                api, code, state.RequestId, unknown, e),
            Ec2FailureKind.SubnetExhausted when code == InsufficientCidrBlocksException.Code => new InsufficientCidrBlocksException(
                $"EC2 {api} failed: {code} ({ids}) — the subnet has no free, aligned /28 for a prefix (scattered secondary IPs fragment it); " +
                "the node falls back to secondary IPs; reserve /28s with a subnet CIDR reservation (ec2 create-subnet-cidr-reservation --reservation-type prefix).",
                api, state.RequestId, e),
            Ec2FailureKind.SubnetExhausted => new SubnetExhaustedException(
                $"EC2 {api} failed: {code} ({ids}) — the subnet has no free addresses; free IPs elsewhere, add a subnet, or wait before growing the pool again.",
                api, code, state.RequestId, e),
            Ec2FailureKind.ServerError or Ec2FailureKind.Timeout or Ec2FailureKind.ConnectionLost => new Ec2UnavailableException(
                $"EC2 {api} failed: {code} on every attempt ({ids}); EC2 is failing or unreachable — check AWS_EC2_ENDPOINT and the network, then retry.{settle}",
                api, code, state.RequestId, unknown, circuitOpen: false, e),
            _ => new CloudException(
                $"EC2 {api} was rejected: {code}: {e.Message} ({ids}); fix the request or the IAM policy — retrying the same request will fail again.{settle}",
                api, code, state.RequestId, unknown, e),
        };
    }

    private int QueueLimitOf(Ec2ApiClass apiClass) =>
        apiClass == Ec2ApiClass.Describe ? _options.DescribeRateLimit.QueueLimit : _options.MutateRateLimit.QueueLimit;
}
