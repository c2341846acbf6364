using System.Globalization;
using System.Numerics;
using Amazon.Runtime;

namespace EsCni.Cloud;

/// <summary>Settings of the daemon's EC2 client: endpoint, identity, and the resilience pipeline of each API class.</summary>
public sealed class Ec2ClientOptions
{
    /// <summary>EC2 endpoint URL (<c>AWS_EC2_ENDPOINT</c>); null means the regional AWS endpoint.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Region (<c>AWS_REGION</c>); null means read it from IMDS.</summary>
    public string? Region { get; set; }

    /// <summary>Cluster name (<c>CLUSTER_NAME</c>); when set, ENIs carry <c>cluster.k8s.amazonaws.com/name</c>.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Explicit credentials; null means the SDK's default chain (environment, profile, IMDS instance role).</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Non-mutating calls: 2 per second, burst 10 — a tenth of EC2's account refill of 20/s.</summary>
    public Ec2RateLimitOptions DescribeRateLimit { get; set; } = new() { TokensPerSecond = 2, Burst = 10 };

    /// <summary>Mutating calls: 1 per second, burst 5 — a fifth of EC2's account refill of 5/s.</summary>
    public Ec2RateLimitOptions MutateRateLimit { get; set; } = new() { TokensPerSecond = 1, Burst = 5 };

    /// <summary>Retry of throttled, 5xx, timed-out and lost calls.</summary>
    public Ec2RetryOptions Retry { get; set; } = new();

    /// <summary>Circuit breaker of each API class.</summary>
    public Ec2CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How long one HTTP attempt may take (<c>HTTP_TIMEOUT</c>, seconds, as in the VPC CNI); default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads the options from environment variables, adding one sentence per bad value to <paramref name="problems"/>.</summary>
    /// <param name="read">Reads one variable (usually <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="problems">Receives every problem found, each naming its variable, so they can be reported at once.</param>
    public static Ec2ClientOptions FromEnvironment(Func<string, string?> read, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(problems);
        var options = new Ec2ClientOptions();
        string? endpoint = NonEmpty(read("AWS_EC2_ENDPOINT"));
        if (endpoint is not null)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "http" || uri.Scheme == "https"))
            {
                options.Endpoint = uri;
            }
            else
            {
                problems.Add($"AWS_EC2_ENDPOINT='{endpoint}' is not an http(s) URL; set it like http://127.0.0.1:5000 or unset it to use the regional endpoint.");
            }
        }

        options.Region = NonEmpty(read("AWS_REGION")) ?? NonEmpty(read("AWS_DEFAULT_REGION"));
        options.ClusterName = NonEmpty(read("CLUSTER_NAME"));
        options.DescribeRateLimit.TokensPerSecond = ReadDouble(read, "ESCNI_EC2_DESCRIBE_RATE", options.DescribeRateLimit.TokensPerSecond, 0.01, problems);
        options.DescribeRateLimit.Burst = ReadInt(read, "ESCNI_EC2_DESCRIBE_BURST", options.DescribeRateLimit.Burst, 1, problems);
        options.MutateRateLimit.TokensPerSecond = ReadDouble(read, "ESCNI_EC2_MUTATE_RATE", options.MutateRateLimit.TokensPerSecond, 0.01, problems);
        options.MutateRateLimit.Burst = ReadInt(read, "ESCNI_EC2_MUTATE_BURST", options.MutateRateLimit.Burst, 1, problems);
        options.Retry.MaxRetries = ReadInt(read, "ESCNI_EC2_MAX_RETRIES", options.Retry.MaxRetries, 0, problems);

        // The VPC CNI refuses HTTP_TIMEOUT below 10 s; we accept shorter values for tests but not below 1 s.
        int timeoutSeconds = ReadInt(read, "HTTP_TIMEOUT", (int)options.AttemptTimeout.TotalSeconds, 1, problems);
        options.AttemptTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int ReadInt(Func<string, string?> read, string name, int fallback, int min, ICollection<string> problems) =>
        ReadNumber(read, name, fallback, min, NumberStyles.Integer, problems,
            $"is not a whole number >= {min}; set it to e.g. {fallback} or unset it for the default {fallback}.");

    private static double ReadDouble(Func<string, string?> read, string name, double fallback, double min, ICollection<string> problems) =>
        ReadNumber(read, name, fallback, min, NumberStyles.Float, problems,
            $"is not a number >= {min.ToString(CultureInfo.InvariantCulture)}; unset it for the default {fallback.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>
    /// A number setting: unset is <paramref name="fallback"/>; a value that does not parse or is below
    /// <paramref name="min"/> is a problem (<paramref name="expected"/> says what it should be) and the fallback.
    /// </summary>
    private static T ReadNumber<T>(Func<string, string?> read, string name, T fallback, T min, NumberStyles styles, ICollection<string> problems, string expected)
        where T : struct, INumber<T>
    {
        string? raw = NonEmpty(read(name));
        if (raw is null)
        {
            return fallback;
        }

        if (T.TryParse(raw, styles, CultureInfo.InvariantCulture, out T value) && value >= min)
        {
            return value;
        }

        problems.Add($"{name}='{raw}' {expected}");
        return fallback;
    }
}

/// <summary>A token bucket: <see cref="Burst"/> calls at once, refilled at <see cref="TokensPerSecond"/>.</summary>
public sealed class Ec2RateLimitOptions
{
    /// <summary>Refill rate, tokens per second (<c>ESCNI_EC2_DESCRIBE_RATE</c> / <c>ESCNI_EC2_MUTATE_RATE</c>).</summary>
    public double TokensPerSecond { get; set; } = 1;

    /// <summary>Bucket size (<c>ESCNI_EC2_DESCRIBE_BURST</c> / <c>ESCNI_EC2_MUTATE_BURST</c>).</summary>
    public int Burst { get; set; } = 5;

    /// <summary>Calls that may wait for a token before further calls are refused locally; default 100.</summary>
    public int QueueLimit { get; set; } = 100;
}

/// <summary>Retry with exponential backoff and decorrelated jitter.</summary>
public sealed class Ec2RetryOptions
{
    /// <summary>Retries after the first attempt (<c>ESCNI_EC2_MAX_RETRIES</c>); default 6, so 7 attempts at most.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>Median first delay; default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest single delay; default 20 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>Breaker that stops calling EC2 while it is clearly failing (5xx, timeouts, lost connections).</summary>
public sealed class Ec2CircuitBreakerOptions
{
    /// <summary>Share of failed attempts in <see cref="SamplingDuration"/> that opens the breaker; default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the window before the ratio counts; default 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted; default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls before letting one probe through; default 15 s (Polly's minimum is 0.5 s).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
