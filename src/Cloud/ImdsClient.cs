using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EsCni.Cloud;

/// <summary>IMDSv2 client: session token (refreshed before expiry and on 401), retried reads, typed getters.</summary>
/// <remarks>
/// IMDS is eventually consistent with EC2: an ENI or IP can be missing from IMDS for seconds after EC2 assigned it,
/// and linger after EC2 removed it (VPC CNI #3019, #3887). So what IMDS says is never enough, alone, to delete an
/// ENI, an IP or a journaled allocation — it can start a reconcile, which then asks EC2 (DescribeNetworkInterfaces).
/// </remarks>
public sealed partial class ImdsClient : IDisposable
{
    private const string TokenHeader = "X-aws-ec2-metadata-token";
    private const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";

    private readonly HttpClient _http;
    private readonly ImdsOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<ImdsAnswer> _pipeline;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private string? _token;
    private DateTimeOffset _tokenRefreshAt; // earlier than the real expiry by a margin, so a request never carries a token expiring in flight

    /// <summary>Creates the client.</summary>
    /// <param name="options">Endpoint, token lifetime and retry settings.</param>
    /// <param name="time">Clock for token expiry and retry delays.</param>
    /// <param name="handler">Optional HTTP handler; the client owns and disposes it.</param>
    public ImdsClient(ImdsOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;

        // IMDS is link-local: never send it through a proxy from the environment.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }, disposeHandler: true)
        {
            BaseAddress = options.Endpoint,
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline's attempt timeout governs
        };
        _pipeline = new ResiliencePipelineBuilder<ImdsAnswer> { Name = "imds", TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ImdsAnswer>
            {
                Name = "imds-retry",
                MaxRetryAttempts = Math.Max(options.MaxRetries, 0),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } answer } => (int)answer.Status >= 500 || answer.Status == HttpStatusCode.TooManyRequests,
                    _ => false,
                }),
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "imds-attempt-timeout", Timeout = options.AttemptTimeout })
            .Build();
    }

    /// <summary>The IMDS base URL in use.</summary>
    public Uri Endpoint => _options.Endpoint;

    /// <summary>Reads <c>/latest/meta-data/{path}</c>; null when IMDS answers 404 (the item does not exist).</summary>
    /// <exception cref="CloudException">IMDS failed after retries or answered something other than 200/404.</exception>
    public async Task<string?> GetMetadataAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string url = "latest/meta-data/" + path.TrimStart('/');
        ImdsAnswer answer = await GetWithTokenAsync(url, cancellationToken).ConfigureAwait(false);
        if (answer.Status == HttpStatusCode.Unauthorized)
        {
            // The token expired early on IMDS's side (clock skew, IMDS restart): fetch a new one and ask once more.
            await InvalidateTokenAsync(cancellationToken).ConfigureAwait(false);
            answer = await GetWithTokenAsync(url, cancellationToken).ConfigureAwait(false);
        }

        return answer.Status switch
        {
            HttpStatusCode.OK => answer.Body,
            HttpStatusCode.NotFound => null,
            _ => throw new CloudException(
                $"IMDS GET {url} at {_options.Endpoint} answered {(int)answer.Status} {answer.Status}; check AWS_EC2_METADATA_SERVICE_ENDPOINT " +
                "and that the instance's metadata options allow IMDSv2 with hop limit >= 2 when running in a container.",
                "IMDS " + path, ((int)answer.Status).ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
    }

    private async Task<ImdsAnswer> GetWithTokenAsync(string url, CancellationToken cancellationToken)
    {
        string token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync(HttpMethod.Get, url, TokenHeader, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && _time.GetUtcNow() < _tokenRefreshAt)
            {
                return _token;
            }

            int ttlSeconds = (int)Math.Clamp(_options.TokenTtl.TotalSeconds, 1, 21600);
            DateTimeOffset requestedAt = _time.GetUtcNow();
            ImdsAnswer answer = await SendAsync(HttpMethod.Put, "latest/api/token", TokenTtlHeader,
                ttlSeconds.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.OK || string.IsNullOrEmpty(answer.Body))
            {
                throw new CloudException(
                    $"IMDS PUT latest/api/token at {_options.Endpoint} answered {(int)answer.Status} {answer.Status}; IMDSv2 is required — " +
                    "check AWS_EC2_METADATA_SERVICE_ENDPOINT and the instance's metadata options (HttpTokens, HttpPutResponseHopLimit).",
                    "IMDS token", ((int)answer.Status).ToString(CultureInfo.InvariantCulture));
            }

            // Refresh once a quarter of the lifetime is left (at most a minute early for long tokens).
            TimeSpan ttl = TimeSpan.FromSeconds(ttlSeconds);
            TimeSpan margin = TimeSpan.FromTicks(Math.Min(ttl.Ticks / 4, TimeSpan.FromMinutes(1).Ticks));
            _token = answer.Body;
            _tokenRefreshAt = requestedAt + ttl - margin;
            return _token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private async Task InvalidateTokenAsync(CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        _token = null;
        _tokenGate.Release();
    }

    private async Task<ImdsAnswer> SendAsync(HttpMethod method, string url, string header, string headerValue, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (s, ct) =>
                {
                    using var request = new HttpRequestMessage(s.Method, s.Url);
                    request.Headers.TryAddWithoutValidation(s.Header, s.Value);
                    using HttpResponseMessage response = await s.Http.SendAsync(request, ct).ConfigureAwait(false);
                    string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    return new ImdsAnswer(response.StatusCode, body);
                },
                (Http: _http, Method: method, Url: url, Header: header, Value: headerValue),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new CloudException(
                $"IMDS {method} {url} at {_options.Endpoint} failed after {_options.MaxRetries + 1} attempts: {e.Message}; " +
                "check AWS_EC2_METADATA_SERVICE_ENDPOINT and that the node can reach it.",
                "IMDS " + url, e is TimeoutRejectedException ? "Timeout" : "ConnectionFailed", innerException: e);
        }
    }

    private sealed record ImdsAnswer(HttpStatusCode Status, string Body);
}
