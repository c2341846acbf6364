namespace EsCni.Cloud;

/// <summary>Settings of the IMDSv2 client.</summary>
public sealed class ImdsOptions
{
    /// <summary>The link-local address every EC2 instance reaches its metadata service on.</summary>
    public static readonly Uri DefaultEndpoint = new("http://169.254.169.254/");

    /// <summary>IMDS base URL (<c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, read the way the AWS SDKs read it);
    /// default http://169.254.169.254/.</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Session token lifetime asked for; default 6 h, IMDS's maximum (21600 s). Minimum 1 s.</summary>
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromHours(6);

    /// <summary>One HTTP attempt's limit; default 2 s (IMDS answers in microseconds when healthy).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries after the first attempt on 5xx, 429, timeouts and refused connections; default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Median first retry delay; default 100 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, adding a sentence to <paramref name="problems"/> when it is not a URL.</summary>
    public static ImdsOptions FromEnvironment(Func<string, string?> read, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(problems);
        var options = new ImdsOptions();
        string? raw = read("AWS_EC2_METADATA_SERVICE_ENDPOINT")?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return options;
        }

        if (Uri.TryCreate(raw, UriKind.Absolute, out Uri? uri) && (uri.Scheme == "http" || uri.Scheme == "https"))
        {
            options.Endpoint = uri;
        }
        else
        {
            problems.Add($"AWS_EC2_METADATA_SERVICE_ENDPOINT='{raw}' is not an http(s) URL; set it like http://169.254.169.254/ or unset it.");
        }

        return options;
    }
}
