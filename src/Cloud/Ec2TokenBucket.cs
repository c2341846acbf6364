using System.Threading.RateLimiting;

namespace EsCni.Cloud;

/// <summary>
/// The token bucket of one EC2 API class: <c>Burst</c> tokens, refilled at <c>TokensPerSecond</c> by the daemon's
/// <see cref="TimeProvider"/>; a caller that finds it empty reserves the next token and waits for it, oldest first.
/// </summary>
/// <remarks>
/// Not <see cref="TokenBucketRateLimiter"/>: it refills from its own <see cref="Timer"/> and, even with
/// AutoReplenishment off, computes the refill from <see cref="System.Diagnostics.Stopwatch"/>, so no injected clock
/// reaches it and a test that advances a fake clock sees the bucket refill in real time or not at all. Here the
/// bucket is a credit counted in clock ticks (one token = one refill period), refilled from
/// <see cref="TimeProvider.GetTimestamp"/> whenever it is read: integer arithmetic, so a period's worth of time is
/// exactly one token. Credit may go negative — each waiter has reserved the token it waits for, which keeps them in
/// arrival order without a queue — down to <c>QueueLimit</c> tokens, past which a caller is refused at once.
/// </remarks>
internal sealed class Ec2TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _ticksPerToken;
    private readonly long _fullCredit;       // Burst tokens, in ticks
    private readonly long _deepestCredit;    // -QueueLimit tokens, in ticks: the waiters' reservations
    private long _credit;                    // ticks of refill time banked; one token = _ticksPerToken
    private long _refilledAt;                // TimeProvider timestamp of the last refill

    public Ec2TokenBucket(Ec2RateLimitOptions rate, TimeProvider time)
    {
        _time = time;
        _ticksPerToken = Math.Max(1, TimeSpan.FromSeconds(1 / rate.TokensPerSecond).Ticks);
        _fullCredit = rate.Burst * _ticksPerToken;
        _deepestCredit = -Math.Max(0, rate.QueueLimit) * _ticksPerToken;
        _credit = _fullCredit;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Whole tokens in the bucket now (0 while callers wait).</summary>
    public long AvailableTokens
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return Math.Max(0, _credit / _ticksPerToken);
            }
        }
    }

    /// <summary>Takes a token, waiting on the clock while the bucket is empty; a refused lease means too many already wait.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct)
    {
        TimeSpan wait;
        lock (_gate)
        {
            Refill();
            if (_credit - _ticksPerToken < _deepestCredit)
            {
                return TokenLease.Refused;
            }

            _credit -= _ticksPerToken;
            wait = TimeSpan.FromTicks(Math.Max(0, -_credit));
        }

        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    _credit += _ticksPerToken; // the reservation goes back; later waiters keep theirs
                }

                throw;
            }
        }

        return TokenLease.Granted;
    }

    /// <summary>Takes a token only if one is there now.</summary>
    public RateLimitLease TryAcquire()
    {
        lock (_gate)
        {
            Refill();
            if (_credit < _ticksPerToken)
            {
                return TokenLease.Refused;
            }

            _credit -= _ticksPerToken;
            return TokenLease.Granted;
        }
    }

    private void Refill()
    {
        long now = _time.GetTimestamp();
        _credit = Math.Min(_fullCredit, _credit + _time.GetElapsedTime(_refilledAt, now).Ticks);
        _refilledAt = now;
    }

    private sealed class TokenLease(bool acquired) : RateLimitLease
    {
        public static readonly TokenLease Granted = new(acquired: true);
        public static readonly TokenLease Refused = new(acquired: false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
