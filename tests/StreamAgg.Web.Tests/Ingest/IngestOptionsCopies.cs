using StreamAgg.Web.Ingest;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>Copies of <see cref="IngestOptions"/> with one limit or another changed.</summary>
internal static class IngestOptionsCopies
{
    public static IngestOptions With(
        this IngestOptions o,
        int? maxBodyBytes = null,
        int? maxEventsPerRequest = null,
        TimeSpan? produceTimeout = null,
        int? maxInFlightEvents = null) => new()
        {
            Topic = o.Topic,
            MaxBodyBytes = maxBodyBytes ?? o.MaxBodyBytes,
            MaxEventsPerRequest = maxEventsPerRequest ?? o.MaxEventsPerRequest,
            ProduceTimeout = produceTimeout ?? o.ProduceTimeout,
            MaxInFlightEvents = maxInFlightEvents ?? o.MaxInFlightEvents,
            PerKeyRateLimit = o.PerKeyRateLimit,
            PerAddressRateLimit = o.PerAddressRateLimit,
            UnavailableRetryAfter = o.UnavailableRetryAfter,
        };

    public static IngestOptions WithRates(this IngestOptions o, IngestRateLimit? perKey, IngestRateLimit? perAddress) => new()
    {
        Topic = o.Topic,
        MaxBodyBytes = o.MaxBodyBytes,
        MaxEventsPerRequest = o.MaxEventsPerRequest,
        ProduceTimeout = o.ProduceTimeout,
        MaxInFlightEvents = o.MaxInFlightEvents,
        PerKeyRateLimit = perKey,
        PerAddressRateLimit = perAddress,
        UnavailableRetryAfter = o.UnavailableRetryAfter,
    };
}
