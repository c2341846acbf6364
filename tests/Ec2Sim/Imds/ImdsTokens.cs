using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;

namespace EsCni.Ec2Sim.Imds;

/// <summary>IMDSv2 session tokens with their expiry; a token is honoured only until its TTL runs out.</summary>
internal sealed class ImdsTokens
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ImdsTokens(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Issues a token valid for <paramref name="ttlSeconds"/> seconds.</summary>
    public string Issue(int ttlSeconds)
    {
        DateTimeOffset now = _time.GetUtcNow();
        // Forget expired tokens so a long run with short TTLs does not grow without bound.
        foreach (string stale in _expiries.Where(t => t.Value <= now).Select(t => t.Key).ToList())
        {
            _expiries.TryRemove(stale, out _);
        }
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(42));
        _expiries[token] = now.AddSeconds(ttlSeconds);
        return token;
    }

    /// <summary>True when the token was issued here and has not expired.</summary>
    public bool IsValid(string? token) =>
        token is not null && _expiries.TryGetValue(token, out DateTimeOffset expiry) && expiry > _time.GetUtcNow();
}
