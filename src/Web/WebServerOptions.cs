using System.Net;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Web;

/// <summary>
/// What <c>streamagg serve</c> needs: where it listens, the Kafka cluster ingest produces to, the
/// PostgreSQL database the dashboard reads, and the secrets that guard both (from configuration
/// or the environment, never from the repository).
/// </summary>
public sealed class WebServerOptions
{
    /// <summary>Address to bind (default loopback: a public bind is a deliberate choice).</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Kafka, for ingest.</summary>
    public required KafkaClientSettings Kafka { get; init; }

    /// <summary>PostgreSQL, for the dashboard and its API.</summary>
    public required NpgsqlDataSource Postgres { get; init; }

    /// <summary>The bearer token the dashboard and <c>/api</c> require.</summary>
    public required string ReadToken { get; init; }

    /// <summary>Write keys by site: each site's players send its key with every ingest request.</summary>
    public required IReadOnlyDictionary<string, string> WriteKeys { get; init; }

    /// <summary>Origins whose pages may post events (CORS); empty: no cross-origin page may.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Browser ingest's limits (body size, events per request, rates, Kafka timeouts).</summary>
    public IngestOptions Ingest { get; init; } = new();

    /// <summary>The demo's player page (<c>/demo/player</c>); null (the default): not served.</summary>
    public PlayerSdk.DemoPlayerOptions? DemoPlayer { get; init; }

    /// <summary>Time, injectable for tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
