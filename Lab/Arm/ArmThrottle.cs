using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Failback.Lab.Arm;

/// <summary>
/// ARM's request throttling, when an instructor turns it on for a lab: a token bucket for reads and one for writes
/// (ARM's own limits are 250 reads refilled at 25/s and 200 writes at 10/s), counted in wall time. Every answer then
/// carries <c>x-ms-ratelimit-remaining-subscription-reads</c>/<c>-writes</c>, and a request past the budget is
/// answered 429 SubscriptionRequestsThrottled with Retry-After, as ARM does. Off by default.
/// </summary>
public sealed class ArmThrottle
{
    private readonly ConcurrentDictionary<string, Limits> _labs = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public ArmThrottle(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>Budgets: a bucket of <c>Burst</c> requests refilled at <c>PerSecond</c>.</summary>
    public sealed record Budget(int Burst, double PerSecond);

    /// <summary>Turns throttling on for <paramref name="lab"/> (or changes its budgets); null budgets turn it off.</summary>
    public void Set(string lab, Budget? reads, Budget? writes)
    {
        if (reads is null || writes is null) _labs.TryRemove(lab, out _);
        else _labs[lab] = new Limits(new Bucket(reads, _clock), new Bucket(writes, _clock));
    }

    public (Budget Reads, Budget Writes)? Get(string lab) => _labs.TryGetValue(lab, out var l) ? (l.Reads.Budget, l.Writes.Budget) : null;

    /// <summary>Takes one request from the lab's budget; past it, an <see cref="ArmException"/> 429 with Retry-After.</summary>
    internal void Take(HttpContext http, string lab, bool write)
    {
        if (!_labs.TryGetValue(lab, out var limits)) return;
        var bucket = write ? limits.Writes : limits.Reads;
        var (taken, remaining, wait) = bucket.Take();
        var headers = http.Response.Headers;
        headers["x-ms-ratelimit-remaining-subscription-reads"] = limits.Reads.Remaining().ToString(CultureInfo.InvariantCulture);
        headers["x-ms-ratelimit-remaining-subscription-writes"] = limits.Writes.Remaining().ToString(CultureInfo.InvariantCulture);
        if (write) headers["x-ms-ratelimit-remaining-subscription-writes"] = remaining.ToString(CultureInfo.InvariantCulture);
        else headers["x-ms-ratelimit-remaining-subscription-reads"] = remaining.ToString(CultureInfo.InvariantCulture);
        if (taken) return;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        throw new ArmException(429, "SubscriptionRequestsThrottled",
            $"Number of '{(write ? "write" : "read")}' requests for the vault '{lab}' exceeded the lab's limit of {bucket.Budget.Burst} at {bucket.Budget.PerSecond.ToString(CultureInfo.InvariantCulture)} per second. Please try again after '{seconds}' seconds.");
    }

    private sealed record Limits(Bucket Reads, Bucket Writes);

    private sealed class Bucket(Budget budget, TimeProvider clock)
    {
        private readonly object _gate = new();
        private double _tokens = budget.Burst;
        private long _stamp = clock.GetTimestamp();

        public Budget Budget { get; } = budget;

        public (bool Taken, int Remaining, TimeSpan Wait) Take()
        {
            lock (_gate)
            {
                Refill();
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return (true, (int)_tokens, TimeSpan.Zero);
                }
                var wait = Budget.PerSecond > 0 ? TimeSpan.FromSeconds((1 - _tokens) / Budget.PerSecond) : TimeSpan.FromHours(1);
                return (false, 0, wait);
            }
        }

        public int Remaining()
        {
            lock (_gate)
            {
                Refill();
                return (int)_tokens;
            }
        }

        private void Refill()
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(Budget.Burst, _tokens + clock.GetElapsedTime(_stamp, now).TotalSeconds * Budget.PerSecond);
            _stamp = now;
        }
    }
}
