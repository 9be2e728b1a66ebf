using System.Net;
using StreamAgg.Wire;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The limits of browser ingest (<c>POST /v1/events</c>); every one is configurable with a
/// <c>streamagg serve</c> option (docs/ingest.md lists them). The defaults suit a site whose
/// players send a batch every few seconds per viewer.
/// </summary>
public sealed class IngestOptions
{
    /// <summary>The default <see cref="MaxBodyBytes"/>: 512 KiB, well under Kafka's default 1 MB message limit.</summary>
    public const int DefaultMaxBodyBytes = 512 * 1024;

    /// <summary>The default <see cref="MaxEventsPerRequest"/>.</summary>
    public const int DefaultMaxEventsPerRequest = 1000;

    /// <summary>The topic events are produced to (default <c>player-events</c>; tests use their own).</summary>
    public string Topic { get; init; } = TopicNames.PlayerEvents;

    /// <summary>Largest request body in bytes; a larger one is answered 413 and nothing of it is produced.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Most events in one request; more is answered 413 and nothing of it is produced.</summary>
    public int MaxEventsPerRequest { get; init; } = DefaultMaxEventsPerRequest;

    /// <summary>Requests per second one write key (one site) may make; null: unlimited.</summary>
    public IngestRateLimit? PerKeyRateLimit { get; init; } = new(RequestsPerSecond: 1000, Burst: 2000);

    /// <summary>Requests per second one client address (an IPv4 address, an IPv6 /64) may make; null: unlimited.</summary>
    public IngestRateLimit? PerAddressRateLimit { get; init; } = new(RequestsPerSecond: 10, Burst: 50);

    /// <summary>
    /// How long Kafka has to acknowledge an event (the producer's message.timeout.ms) before its
    /// request is answered 503. Short, so that a slow or absent cluster answers clients promptly
    /// instead of holding their requests and memory.
    /// </summary>
    public TimeSpan ProduceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most events produced and not yet acknowledged, over all requests; a request that would pass
    /// it is answered 503 at once. Bounds the memory a slow cluster can make ingest hold.
    /// </summary>
    public int MaxInFlightEvents { get; init; } = 100_000;

    /// <summary>The <c>Retry-After</c> of a 503 (Kafka slow or down, or too many events in flight).</summary>
    public TimeSpan UnavailableRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reverse proxies (their exact addresses) whose <c>X-Forwarded-For</c> names the client: a
    /// request arriving from one of them is limited per the address it forwarded for. Empty: the
    /// header is ignored (any client can set it), and behind a proxy every request shares its address.
    /// </summary>
    public IReadOnlyList<IPAddress> TrustedProxies { get; init; } = [];

    internal void EnsureValid()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyBytes, 2, nameof(MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventsPerRequest, 1, nameof(MaxEventsPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightEvents, MaxEventsPerRequest, nameof(MaxInFlightEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(ProduceTimeout, TimeSpan.FromMilliseconds(100), nameof(ProduceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(UnavailableRetryAfter, TimeSpan.FromSeconds(1), nameof(UnavailableRetryAfter));
        PerKeyRateLimit?.EnsureValid(nameof(PerKeyRateLimit));
        PerAddressRateLimit?.EnsureValid(nameof(PerAddressRateLimit));
    }
}
