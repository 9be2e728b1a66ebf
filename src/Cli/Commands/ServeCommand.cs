using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Cli.Hosting;
using StreamAgg.Kafka.Clients;
using StreamAgg.Web;
using StreamAgg.Web.Operations;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// <c>streamagg serve</c>: browser ingest, the player snippet and the dashboard on one port,
/// until Ctrl-C. Its secrets come from the environment (options would show in <c>ps</c>).
/// </summary>
internal static class ServeCommand
{
    /// <summary>The bearer token the dashboard and the API require.</summary>
    public const string ReadTokenVariable = "STREAMAGG_READ_TOKEN";

    /// <summary>Write keys by site: <c>site=key[,site=key…]</c>.</summary>
    public const string WriteKeysVariable = "STREAMAGG_WRITE_KEYS";

    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var postgres = CommonOptions.Postgres();
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 8080 };
        var bind = new Option<string>("--bind")
        {
            Description = "Address to listen on: 127.0.0.1 (default: this machine only), 0.0.0.0 or :: (every interface).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var origins = new Option<string[]>("--allowed-origin")
        {
            Description = "An origin whose pages may post events (CORS), e.g. https://www.example.com; repeat for more.",
            AllowMultipleArgumentsPerToken = false,
        };
        var ingest = new ServeIngestOptions();
        var operations = new OperationsOptions(defaultHealthPort: 9467);
        var command = new Command("serve", $"Serve browser ingest (/v1/events), the player snippet (/sdk/streamagg.js) and the dashboard until Ctrl-C. Secrets: ${ReadTokenVariable} (dashboard and API) and ${WriteKeysVariable} (site=key,…).")
        {
            bootstrap, postgres, port, bind, origins,
        };
        foreach (var option in ingest.All)
        {
            command.Options.Add(option);
        }

        operations.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var health = operations.ReadHealthEndpoint(parse);
            var connectionString = parse.GetValue(postgres)
                ?? throw new UsageException("no PostgreSQL: pass --postgres CONNECTION_STRING or set STREAMAGG_POSTGRES");
            var readToken = Environment.GetEnvironmentVariable(ReadTokenVariable) is { Length: > 0 } token
                ? token
                : throw new UsageException($"no read token: set {ReadTokenVariable} (the dashboard and the API require it)");
            var writeKeys = ParseWriteKeys(Environment.GetEnvironmentVariable(WriteKeysVariable));
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                throw new UsageException($"--bind: not an IP address: {parse.GetValue(bind)}");
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            using var host = ServiceHost.Build(LogLevel.Information, operations.ReadLogFormat(parse), ServeTelemetry.Options, _ => { });
            var logging = host.Services.GetRequiredService<ILoggerFactory>();
            await using var server = await WebServer.StartAsync(
                new WebServerOptions
                {
                    Bind = address,
                    Port = parse.GetValue(port),
                    Kafka = new KafkaClientSettings(parse.GetValue(bootstrap)!),
                    Postgres = dataSource,
                    ReadToken = readToken,
                    WriteKeys = writeKeys,
                    AllowedOrigins = parse.GetValue(origins) ?? [],
                    Ingest = ingest.Read(parse),
                },
                logging,
                cancellation);
            Console.Error.WriteLine($"serve: listening on {server.Address} (dashboard /, ingest /v1/events, snippet /sdk/streamagg.js)");
            await using var readiness = ServeReadiness.Start(server);
            await using var telemetry = await CommandTelemetry.StartAsync(host, health, () => readiness.IsReady, cancellation);
            logging.CreateLogger("StreamAgg.Cli").LogOperations(telemetry);
            return await host.RunUntilCancelledAsync(cancellation);
        });
        return command;
    }

    private static Dictionary<string, string> ParseWriteKeys(string? text)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length < 16)
            {
                throw new UsageException($"{WriteKeysVariable}: expected site=key,… with keys of at least 16 characters");
            }

            if (!keys.TryAdd(parts[0], parts[1]))
            {
                throw new UsageException($"{WriteKeysVariable}: site '{parts[0]}' is given twice");
            }
        }

        if (keys.Count == 0)
        {
            throw new UsageException($"no write key: set {WriteKeysVariable} to site=key (players send the key with every event)");
        }

        return keys;
    }
}
