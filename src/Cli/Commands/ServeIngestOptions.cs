using System.CommandLine;
using StreamAgg.Web.Ingest;
using StreamAgg.Wire;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// The options of <c>streamagg serve</c> that set browser ingest's limits (docs/ingest.md), with
/// <see cref="IngestOptions"/>'s defaults.
/// </summary>
internal sealed class ServeIngestOptions
{
    private readonly Option<int> _maxBodyBytes = new("--max-body-bytes")
    {
        Description = "Largest ingest request body in bytes (413 beyond).",
        DefaultValueFactory = _ => IngestOptions.DefaultMaxBodyBytes,
    };

    private readonly Option<int> _maxEvents = new("--max-events-per-request")
    {
        Description = "Most events in one ingest request (413 beyond).",
        DefaultValueFactory = _ => IngestOptions.DefaultMaxEventsPerRequest,
    };

    private readonly Option<double> _ratePerKey = new("--rate-per-key")
    {
        Description = "Ingest requests per second one write key (site) may make (429 beyond); 0: unlimited.",
        DefaultValueFactory = _ => new IngestOptions().PerKeyRateLimit!.RequestsPerSecond,
    };

    private readonly Option<int> _burstPerKey = new("--burst-per-key")
    {
        Description = "Requests a write key may make at once after a quiet spell.",
        DefaultValueFactory = _ => new IngestOptions().PerKeyRateLimit!.Burst,
    };

    private readonly Option<double> _ratePerAddress = new("--rate-per-address")
    {
        Description = "Ingest requests per second one client address (IPv4, or IPv6 /64) may make (429 beyond); 0: unlimited.",
        DefaultValueFactory = _ => new IngestOptions().PerAddressRateLimit!.RequestsPerSecond,
    };

    private readonly Option<int> _burstPerAddress = new("--burst-per-address")
    {
        Description = "Requests an address may make at once after a quiet spell.",
        DefaultValueFactory = _ => new IngestOptions().PerAddressRateLimit!.Burst,
    };

    private readonly Option<int> _produceTimeoutMs = new("--produce-timeout-ms")
    {
        Description = "How long Kafka has to acknowledge an event before its request is answered 503.",
        DefaultValueFactory = _ => (int)new IngestOptions().ProduceTimeout.TotalMilliseconds,
    };

    private readonly Option<int> _maxInFlight = new("--max-in-flight-events")
    {
        Description = "Most events awaiting Kafka's acknowledgement over all requests (503 beyond).",
        DefaultValueFactory = _ => new IngestOptions().MaxInFlightEvents,
    };

    private readonly Option<string> _topic = new("--ingest-topic")
    {
        Description = "The topic ingest produces player events to.",
        DefaultValueFactory = _ => TopicNames.PlayerEvents,
    };

    private readonly Option<string[]> _trustedProxies = new("--trusted-proxy")
    {
        Description = "The address of a reverse proxy whose X-Forwarded-For names the client, for the per-address rate limit; repeat for more. Without it the header is ignored.",
        AllowMultipleArgumentsPerToken = false,
    };

    public IEnumerable<Option> All => [_maxBodyBytes, _maxEvents, _ratePerKey, _burstPerKey, _ratePerAddress, _burstPerAddress, _produceTimeoutMs, _maxInFlight, _topic, _trustedProxies];

    public IngestOptions Read(ParseResult parse)
    {
        var options = new IngestOptions
        {
            Topic = parse.GetValue(_topic)!,
            MaxBodyBytes = parse.GetValue(_maxBodyBytes),
            MaxEventsPerRequest = parse.GetValue(_maxEvents),
            PerKeyRateLimit = Limit(parse.GetValue(_ratePerKey), parse.GetValue(_burstPerKey)),
            PerAddressRateLimit = Limit(parse.GetValue(_ratePerAddress), parse.GetValue(_burstPerAddress)),
            ProduceTimeout = TimeSpan.FromMilliseconds(parse.GetValue(_produceTimeoutMs)),
            MaxInFlightEvents = parse.GetValue(_maxInFlight),
            TrustedProxies = [.. (parse.GetValue(_trustedProxies) ?? []).Select(Proxy)],
        };
        try
        {
            options.EnsureValid();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"serve: {e.Message}");
        }

        return options;
    }

    private static System.Net.IPAddress Proxy(string text) =>
        System.Net.IPAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"--trusted-proxy: '{text}' is not an IP address (give each proxy's address)");

    private static IngestRateLimit? Limit(double rate, int burst) => rate <= 0 ? null : new IngestRateLimit(rate, Math.Max(burst, 1));
}
