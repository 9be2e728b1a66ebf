using System.Diagnostics;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;
using StreamAgg.Cli.Hosting;
using StreamAgg.Core.Engagement;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Logging;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Production;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Observability;
using StreamAgg.Sink.Reports;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// One run of the demo: start Kafka and PostgreSQL (embedded unless STREAMAGG_KAFKA_BOOTSTRAP /
/// STREAMAGG_POSTGRES name real ones), host the processor and the sink, publish the traffic,
/// wait until PostgreSQL holds every result, print the summary, and clean everything up.
/// </summary>
internal sealed class DemoRun(
    EngagementOptions rules,
    string? salt,
    SimulationOptions? simulation,
    string? eventsFile,
    string? videosFile,
    HealthEndpoint health,
    LogFormat logFormat)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<int> ExecuteAsync(CancellationToken cancellation)
    {
        Step(VersionAction.LibRdKafkaLine());
        Step("starting Kafka");
        await using var kafka = await KafkaTarget.FromEnvironmentAsync(TopicCatalog.Load(), cancellation);
        Step(kafka.IsEmbedded
            ? $"embedded Kafka: {kafka.EmbeddedCluster!.BrokerCount} brokers at {kafka.Settings.BootstrapServers}"
            : $"Kafka at {kafka.Settings.BootstrapServers}");

        Step("starting PostgreSQL");
        await using var postgres = await PostgresTarget.AcquireAsync(ct: cancellation);
        Step(postgres.Embedded is { } embedded ? $"embedded PostgreSQL on port {embedded.Port}" : "PostgreSQL from STREAMAGG_POSTGRES");
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);

        var processorOptions = new ProcessorOptions
        {
            BootstrapServers = kafka.Settings.BootstrapServers,
            InstanceId = "demo",
            Engagement = rules,
            HeatmapSalt = salt,
        };
        using var processorMetrics = new ProcessorMetrics();
        using var sinkMetrics = new SinkMetrics();
        var sink = new EngagementSink(kafka.Settings, dataSource, metrics: sinkMetrics);
        var heatmapSink = new HeatmapSink(kafka.Settings, dataSource, metrics: sinkMetrics);
        using var host = BuildHost(processorOptions, processorMetrics, sink, heatmapSink, logFormat);
        var processor = host.Services.GetServices<IHostedService>().OfType<ProcessorService>().Single().Processor;
        await using var telemetry = await CommandTelemetry.StartAsync(host, health, () => processor.IsReady && sink.IsReady && heatmapSink.IsReady, cancellation, anyPortIfTaken: true);
        foreach (var line in telemetry.Describe())
        {
            Step(line);
        }

        if (telemetry.Server is { } server)
        {
            Step($"try: curl {new Uri(server.LocalAddress, "/readyz")}   (503 until the state is restored and the sinks caught up)");
        }

        await host.StartAsync(cancellation);
        Step("processor and sink running");
        try
        {
            var published = await PublishAsync(kafka.Settings, cancellation);
            using var progress = new PipelineProgress(kafka.Settings, processorOptions.ApplicationId);
            await WaitUntilDrainedAsync(progress, processor, new DrainedSinks(dataSource, sink, heatmapSink), cancellation);
            await new DemoSummary(kafka.Settings, dataSource).PrintAsync(published, _clock.Elapsed, cancellation);
            await PrintMetricsAsync(telemetry, health.MetricsToken, cancellation);
        }
        finally
        {
            Step("stopping");
            await host.StopAsync(CancellationToken.None);
        }

        return 0;
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

    private static IHost BuildHost(ProcessorOptions processorOptions, ProcessorMetrics metrics, EngagementSink sink, HeatmapSink heatmapSink, LogFormat logFormat) =>
        ServiceHost.Build(LogLevel.Warning, logFormat, Telemetry(processorOptions), services =>
        {
            services.AddSingleton(processorOptions);
            services.AddSingleton(metrics);
            services.AddHostedService<ProcessorService>();
            services.AddHostedService(_ => new EngagementSinkService(sink));
            services.AddHostedService(_ => new HeatmapSinkService(heatmapSink));
        });

    private static TelemetryOptions Telemetry(ProcessorOptions processorOptions) => new()
    {
        ServiceName = "streamagg-demo",
        ServiceInstanceId = processorOptions.InstanceId,
        Meters = [ProcessorMetrics.MeterName, SinkMetrics.MeterName],
        ActivitySources = [ProcessorTracing.SourceName, SinkTracing.SourceName],
    };

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

    private async Task WaitUntilDrainedAsync(PipelineProgress progress, EngagementProcessor processor, DrainedSinks sinks, CancellationToken cancellation)
    {
        Step("waiting until PostgreSQL holds every result");
        long lastStored = -1;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var processorLag = progress.ProcessorLag(processor.InputTopics, processor.CommittedOffsets);
            var rowLag = progress.SinkLag(TopicNames.Engagement, await sinks.EngagementPositionsAsync(cancellation));
            var heatmapLag = progress.SinkLag(TopicNames.HeatmapDeltas, await sinks.HeatmapPositionsAsync(cancellation));
            var stored = sinks.MessagesStored;
            Progress($"processor lag {processorLag:N0} events, sink lag {rowLag:N0} rows and {heatmapLag:N0} heatmap deltas, {stored:N0} stored");
            // Drained: every event committed by the processor, every committed output stored, and
            // nothing new stored for one more round (the sinks' last batches are in).
            var caughtUp = processorLag == 0 && rowLag == 0 && heatmapLag == 0;
            if (caughtUp && stored == lastStored)
            {
                return;
            }

            lastStored = caughtUp ? stored : -1;
            await Task.Delay(ProgressEvery, cancellation);
        }
    }

    private void Step(string what) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {what}");

    private void Progress(string what) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}]   {what}");
}
