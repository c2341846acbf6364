using Amazon;
using Amazon.EC2;
using Amazon.Runtime;

namespace EsCni.Cloud;

/// <summary>Builds the SDK's EC2 client with its own retries off (the Polly pipeline retries) and the daemon's <see cref="Ec2Api"/>.</summary>
public static class Ec2ClientFactory
{
    /// <summary>Creates an <see cref="AmazonEC2Client"/> for <paramref name="region"/>: endpoint from
    /// <see cref="Ec2ClientOptions.Endpoint"/> when set, credentials from the options or the SDK's default chain.</summary>
    /// <remarks>The default chain ends with the IMDS instance role; the SDK reads
    /// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> itself, so the role comes from the same IMDS as <see cref="ImdsClient"/>.</remarks>
    public static AmazonEC2Client CreateClient(Ec2ClientOptions options, string region)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var config = new AmazonEC2Config
        {
            // Two retry layers would multiply: 7 Polly attempts × 3 SDK attempts = 21 calls, none of them seen
            // by our token bucket. The SDK sends exactly one HTTP request per Polly attempt.
            MaxErrorRetry = 0,
            RetryMode = RequestRetryMode.Standard,
            ThrottleRetries = false,

            // The SDK also silently resends after "connection reset" up to 10 times, outside MaxErrorRetry. For a
            // mutation whose response was lost that resend is a second request EC2 may apply, and our ledger and
            // bucket would never see it; so one Polly attempt is exactly one HTTP request.
            MaxStaleConnectionRetries = 0,

            // Slightly longer than the pipeline's attempt timeout so that ours fires first and is reported as such.
            Timeout = options.AttemptTimeout + TimeSpan.FromSeconds(1),
        };
        if (options.Endpoint is not null)
        {
            config.ServiceURL = options.Endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // Before any client exists: the SDK settles the IMDS endpoint at its first client, explicit credentials or not.
        NormalizeImdsEndpointVariable();
        if (options.Credentials is not null)
        {
            return new AmazonEC2Client(options.Credentials, config);
        }

        try
        {
            // AWSSDK 4 resolves the default credential chain here, not at the first call.
            return new AmazonEC2Client(config);
        }
        catch (AmazonClientException e)
        {
            throw new CloudException(
                "no AWS credentials for EC2: none in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, no profile, and no instance role from IMDS at " +
                $"{Environment.GetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? ImdsOptions.DefaultEndpoint.ToString()}; attach an " +
                $"instance profile to the node or set the variables. SDK said: {e.Message}",
                "credentials", "NoCredentials", innerException: e);
        }
    }

    /// <summary>Drops a trailing slash from <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c> before the SDK reads it.</summary>
    /// <remarks>AWSSDK.Core 4.0 appends <c>/latest/...</c> to the variable verbatim, so <c>http://host:port/</c> (how the
    /// simulator and most docs write it) becomes <c>http://host:port//latest/...</c>, IMDS answers 404 and the
    /// instance-role credentials silently fail to resolve. Found against tests/Ec2Sim; the SDK only reads the
    /// variable, so fixing it in the environment is the one place that reaches the SDK's credential chain.</remarks>
    internal static void NormalizeImdsEndpointVariable()
    {
        string? endpoint = Environment.GetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        if (endpoint is not null && endpoint.Length > 1 && endpoint.EndsWith('/'))
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.TrimEnd('/'));
        }
    }

    /// <summary>Reads this instance's id and (unless configured) region from IMDS and builds the daemon's EC2 API.</summary>
    public static async Task<Ec2Api> CreateApiAsync(Ec2ClientOptions options, ImdsClient imds, IEc2CallObserver observer, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(imds);
        string instanceId = await imds.GetInstanceIdAsync(cancellationToken).ConfigureAwait(false);
        string region = options.Region ?? await imds.GetRegionAsync(cancellationToken).ConfigureAwait(false);
        return new Ec2Api(CreateClient(options, region), instanceId, options, observer, time);
    }
}
