namespace EsCni.Ipamd.Metrics;

/// <summary>Feeds every EC2 call the client reports into the EC2 ledger metrics.</summary>
internal sealed class Ec2CallMetrics : IEc2CallObserver
{
    private readonly IpamdMetrics _metrics;

    public Ec2CallMetrics(IpamdMetrics metrics)
    {
        _metrics = metrics;
    }

    public void OnCallCompleted(Ec2CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _metrics.Ec2Calls.WithLabels(record.Api, record.Outcome.ToString()).Inc();
        _metrics.Ec2Latency.WithLabels(record.Api).Observe(record.Latency.TotalSeconds);
        if (record.Throttles > 0)
        {
            _metrics.Ec2Throttles.WithLabels(record.Api).Inc(record.Throttles);
        }

        if (record.LimiterWait > TimeSpan.Zero)
        {
            _metrics.Ec2LimiterWaitSeconds.WithLabels(record.Api).Inc(record.LimiterWait.TotalSeconds);
        }
    }
}
