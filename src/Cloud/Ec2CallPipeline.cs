using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace EsCni.Cloud;

/// <summary>The resilience pipeline of one EC2 API class: retry › circuit breaker › token bucket › attempt timeout.</summary>
/// <remarks>
/// Order, outermost first, and why:
/// <list type="number">
/// <item><b>retry</b> wraps everything so each retry is a fresh attempt that again asks the breaker, again takes a
/// token and gets its own timeout; it waits with exponential backoff and decorrelated jitter so many nodes
/// throttled together do not retry in step.</item>
/// <item><b>circuit breaker</b> sits before the limiter so an open breaker fails fast without spending a token.</item>
/// <item><b>token bucket</b> is per attempt, not per operation: EC2 meters every request, retries included, so the
/// node's budget must too. Its wait is not counted against the attempt timeout.</item>
/// <item><b>attempt timeout</b> is innermost and cancels the HTTP request itself.</item>
/// </list>
/// </remarks>
internal sealed class Ec2CallPipeline : IAsyncDisposable
{
    /// <summary>Where the limiter adds the time it made an attempt wait.</summary>
    public static readonly ResiliencePropertyKey<Ec2CallState> StateKey = new("escni.ec2.call-state");

    private readonly Ec2TokenBucket _bucket;
    private readonly TimeProvider _time;
    private readonly CircuitBreakerStateProvider _breakerState = new();

    private Ec2CallPipeline(Ec2ApiClass apiClass, Ec2ClientOptions options, TimeProvider time)
    {
        ApiClass = apiClass;
        Ec2RateLimitOptions rate = apiClass == Ec2ApiClass.Describe ? options.DescribeRateLimit : options.MutateRateLimit;
        if (!(rate.TokensPerSecond > 0) || rate.Burst < 1)
        {
            throw new ArgumentException(
                $"the {apiClass} token bucket needs TokensPerSecond > 0 and Burst >= 1, got {rate.TokensPerSecond} and {rate.Burst}; fix ESCNI_EC2_*_RATE/_BURST.",
                nameof(options));
        }

        _time = time;
        _bucket = new Ec2TokenBucket(rate, time);

        string prefix = apiClass == Ec2ApiClass.Describe ? "ec2-describe" : "ec2-mutate";
        Pipeline = new ResiliencePipelineBuilder { Name = prefix, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                Name = prefix + "-retry",
                MaxRetryAttempts = Math.Max(options.Retry.MaxRetries, 0),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true, // Polly's exponential + jitter is the decorrelated-jitter-v2 formula.
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome.Exception)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = prefix + "-breaker",
                FailureRatio = options.CircuitBreaker.FailureRatio,
                MinimumThroughput = Math.Max(options.CircuitBreaker.MinimumThroughput, 2),
                SamplingDuration = options.CircuitBreaker.SamplingDuration,
                BreakDuration = options.CircuitBreaker.BreakDuration,
                StateProvider = _breakerState,
                // A call the caller cancelled says nothing about EC2's health.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && Ec2Failure.CountsAgainstBreaker(Ec2Failure.Classify(e))),
            })
            .AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = prefix + "-limiter",
                RateLimiter = args => AcquireTokenAsync(args),
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = prefix + "-attempt-timeout",
                Timeout = options.AttemptTimeout,
            })
            .Build();
    }

    /// <summary>The API class this pipeline serves.</summary>
    public Ec2ApiClass ApiClass { get; }

    /// <summary>The composed pipeline.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <summary>Closed, open, half-open; for metrics and the introspection endpoint.</summary>
    public CircuitState CircuitState => _breakerState.CircuitState;

    /// <summary>Builds the pipeline of <paramref name="apiClass"/> from <paramref name="options"/>.</summary>
    public static Ec2CallPipeline Create(Ec2ApiClass apiClass, Ec2ClientOptions options, TimeProvider time) => new(apiClass, options, time);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the bucket holds no timer: it refills when read

    private static bool ShouldRetry(ResilienceContext context, Exception? exception)
    {
        if (exception is null)
        {
            return false;
        }

        Ec2FailureKind kind = Ec2Failure.Classify(exception);
        if (!Ec2Failure.IsTransient(kind))
        {
            return false;
        }

        bool repeatable = !context.Properties.TryGetValue(StateKey, out Ec2CallState? state) || state.RepeatableAfterUnknownOutcome;
        return kind == Ec2FailureKind.Throttled || repeatable;
    }

    private async ValueTask<RateLimitLease> AcquireTokenAsync(RateLimiterArguments args)
    {
        long started = _time.GetTimestamp();
        RateLimitLease lease = await _bucket.AcquireAsync(args.Context.CancellationToken).ConfigureAwait(false);
        if (args.Context.Properties.TryGetValue(StateKey, out Ec2CallState? state))
        {
            state.LimiterWait += _time.GetElapsedTime(started);
        }

        return lease;
    }
}
