using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamAgg.Cli;
using StreamAgg.Cli.Hosting;
using StreamAgg.Core.Engagement;
using StreamAgg.Kafka.Clients;
using StreamAgg.Observability.Logging;
using StreamAgg.Processor;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Production;
using StreamAgg.Sink.Reports;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// One run of the demo: start Kafka and PostgreSQL (embedded unless STREAMAGG_KAFKA_BOOTSTRAP /
/// STREAMAGG_POSTGRES name real ones), host the processor and the sink, serve ingest, the
/// dashboard and a player page, publish the traffic, wait until PostgreSQL holds every result,
/// print the summary, then clean everything up (or, with --keep-running, keep it all up until Ctrl-C).
/// </summary>
internal sealed class DemoRun(
    EngagementOptions rules,
    string? salt,
    SimulationOptions? simulation,
    string? eventsFile,
    string? videosFile,
    HealthEndpoint health,
    LogFormat logFormat,
    DemoServing serving)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    // Kept running, sessions of a partition that went quiet close after this long, so that a
    // person's clicks on the player page reach the heatmap soon after they stop, not after the
    // 30-minute session timeout.
    private static readonly TimeSpan KeptRunningCloseIdleAfter = TimeSpan.FromSeconds(10);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<int> ExecuteAsync(CancellationToken cancellation)
    {
        Step(VersionAction.LibRdKafkaLine());
        var video = serving.Enabled ? DemoWeb.VideoFileAsync(cancellation) : null;
        await using var pipeline = await DemoPipeline.CreateAsync(
            bootstrap => new ProcessorOptions
            {
                BootstrapServers = bootstrap,
                InstanceId = "demo",
                Engagement = rules,
                HeatmapSalt = salt,
                CloseIdleAfter = serving.KeepRunning ? KeptRunningCloseIdleAfter : null,
            },
            logFormat,
            Step,
            cancellation);
        var processor = pipeline.Processor;
        await using var telemetry = await CommandTelemetry.StartAsync(pipeline.Host, health, () => pipeline.IsReady, cancellation, anyPortIfTaken: true);
        foreach (var line in telemetry.Describe())
        {
            Step(line);
        }

        if (telemetry.Server is { } server)
        {
            Step($"try: curl {new Uri(server.LocalAddress, "/readyz")}   (503 until the state is restored and the sinks caught up)");
        }

        await pipeline.StartAsync(cancellation);
        Step("processor and sink running");
        using var webLogging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddStreamAggConsole(logFormat));
        await using var web = video is null ? null : await DemoWeb.StartAsync(pipeline, serving.Secrets, await video, serving.Port, webLogging, cancellation);
        if (web is not null)
        {
            PrintAddresses(web.Address, serving.Secrets);
        }

        try
        {
            var published = await PublishAsync(pipeline.Kafka.Settings, cancellation);
            await WaitUntilDrainedAsync(pipeline, cancellation);
            await new DemoSummary(pipeline.Kafka.Settings, pipeline.DataSource).PrintAsync(published, _clock.Elapsed, cancellation);
            await PrintMetricsAsync(telemetry, health.MetricsToken, cancellation);
            if (serving.KeepRunning)
            {
                await KeepRunningAsync(pipeline, web!.Address, serving.Secrets, cancellation);
            }
        }
        finally
        {
            Step("stopping");
            await pipeline.StopAsync();
        }

        return 0;
    }

    private void PrintAddresses(Uri address, DemoSecrets secrets)
    {
        Step($"dashboard:   {address}   (read token: {secrets.ReadToken})");
        Step($"ingest:      POST {new Uri(address, "/v1/events")}   (write key of site '{secrets.Site}': {secrets.WriteKey})");
        Step($"player page: {new Uri(address, $"/demo/player?key={Uri.EscapeDataString(secrets.WriteKey)}")}");
        Step("(the token and the key are random for this run)");
    }

    private static async Task KeepRunningAsync(DemoPipeline pipeline, Uri address, DemoSecrets secrets, CancellationToken cancellation)
    {
        Console.WriteLine();
        Console.WriteLine("Everything keeps running until Ctrl-C:");
        Console.WriteLine($"  dashboard    {address}   (sign in with the read token {secrets.ReadToken})");
        Console.WriteLine($"  player page  {new Uri(address, $"/demo/player?key={Uri.EscapeDataString(secrets.WriteKey)}")}");
        Console.WriteLine($"  ingest       curl -H 'X-StreamAgg-Key: {secrets.WriteKey}' -d '[...]' {new Uri(address, "/v1/events")}");
        Console.WriteLine($"  snippet      {new Uri(address, "/sdk/streamagg.js")}");
        Console.WriteLine($"  Kafka        --bootstrap {pipeline.Kafka.Settings.BootstrapServers}");
        Console.WriteLine($"  PostgreSQL   --postgres \"{pipeline.Postgres.ConnectionString}\"   (e.g. ./streamagg report top-videos)");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The counters an operator looks at first, scraped from the demo's own /metrics.</summary>
    private static async Task PrintMetricsAsync(CommandTelemetry telemetry, string? token, CancellationToken cancellation)
    {
        if (telemetry.Server is not { } server)
        {
            return;
        }

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.LocalAddress, "/metrics"));
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellation);
        var text = await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync(cancellation);
        Console.WriteLine();
        Console.WriteLine($"Metrics (scraped from {request.RequestUri}; the same go over OTLP when configured):");
        string[] shown = ["streamagg_processor_events_", "streamagg_processor_sessions_closed", "streamagg_processor_commits", "streamagg_processor_transaction_aborts", "streamagg_sink_rows_merged", "streamagg_sink_errors"];
        foreach (var line in text.Split('\n'))
        {
            if (shown.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)))
            {
                // Shown without the otel_scope_* labels every series carries: the name says the meter.
                Console.WriteLine($"  {Regex.Replace(line, "otel_scope_[a-z_]+=\"[^\"]*\",?", "").Replace("{}", "", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal)}");
            }
        }
    }

    private async Task<long> PublishAsync(KafkaClientSettings settings, CancellationToken cancellation)
    {
        if (eventsFile is not null)
        {
            Step($"replaying {eventsFile}");
            return await Task.Run(
                () => NdjsonReplay.Publish(settings, videosFile, eventsFile, n => Progress($"published {n:N0} events")),
                cancellation);
        }

        Step($"simulating {simulation!.Viewers:N0} viewers of {simulation.Videos:N0} videos, {simulation.MaxEvents:N0} events");
        var report = await new SimulationProducer(settings, simulation).RunAsync(
            p => Progress($"published {p.EventsSent:N0} events ({p.EventsPerSecond:N0}/s), event time {p.SimulatedTime:HH:mm:ss}"),
            cancellation);
        if (report.DeliveryErrors > 0)
        {
            throw new IOException($"{report.DeliveryErrors} events could not be delivered to Kafka");
        }

        return report.EventsDelivered;
    }

    private Task WaitUntilDrainedAsync(DemoPipeline pipeline, CancellationToken cancellation)
    {
        Step("waiting until PostgreSQL holds every result");
        return pipeline.WaitUntilDrainedAsync(ProgressEvery, Progress, cancellation);
    }

    private void Step(string what) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {what}");

    private void Progress(string what) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}]   {what}");
}
