using System.Net;
using System.Threading.RateLimiting;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The two request budgets of ingest (System.Threading.RateLimiting token buckets): one per client
/// address, checked before the write key so that guessing keys is throttled too, and one per site,
/// checked once the key named it. Idle buckets are dropped by the partitioned limiter, so memory
/// follows the active clients, not every address ever seen.
/// </summary>
internal sealed class IngestRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<ClientAddress>? _perAddress;
    private readonly PartitionedRateLimiter<WriteKeys.Site>? _perSite;

    public IngestRateLimiter(IngestOptions options)
    {
        if (options.PerAddressRateLimit is { } perAddress)
        {
            _perAddress = PartitionedRateLimiter.Create<ClientAddress, ClientAddress>(
                address => RateLimitPartition.GetTokenBucketLimiter(address, _ => Bucket(perAddress)));
        }

        if (options.PerKeyRateLimit is { } perKey)
        {
            _perSite = PartitionedRateLimiter.Create<WriteKeys.Site, WriteKeys.Site>(
                site => RateLimitPartition.GetTokenBucketLimiter(site, _ => Bucket(perKey)));
        }
    }

    /// <summary>Takes one request from the address's budget; null when it had one, else when to retry.</summary>
    public TimeSpan? TryAcquire(IPAddress? address) =>
        _perAddress is null ? null : Acquire(_perAddress, ClientAddress.Of(address));

    /// <summary>Takes one request from the site's budget; null when it had one, else when to retry.</summary>
    public TimeSpan? TryAcquire(WriteKeys.Site site) =>
        _perSite is null ? null : Acquire(_perSite, site);

    public void Dispose()
    {
        _perAddress?.Dispose();
        _perSite?.Dispose();
    }

    private static TimeSpan? Acquire<TKey>(PartitionedRateLimiter<TKey> limiter, TKey key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    // Whole requests per second refill every second; slower rates refill one request per 1/rate seconds.
    private static TokenBucketRateLimiterOptions Bucket(IngestRateLimit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.RequestsPerSecond >= 1 ? (int)Math.Round(limit.RequestsPerSecond) : 1,
        ReplenishmentPeriod = limit.RequestsPerSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / limit.RequestsPerSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
