using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Cli.Hosting;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Kafka.Topics;
using StreamAgg.Observability.Export;
using StreamAgg.Observability.Logging;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Observability;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// The demo's pipeline: Kafka and PostgreSQL (embedded unless STREAMAGG_KAFKA_BOOTSTRAP /
/// STREAMAGG_POSTGRES name real ones), the processor and both sinks in one host. The demo and the
/// browser's end-to-end test start it the same way.
/// </summary>
internal sealed class DemoPipeline : IAsyncDisposable
{
    private readonly ProcessorMetrics _processorMetrics;
    private readonly SinkMetrics _sinkMetrics;
    private bool _started;

    private DemoPipeline(KafkaTarget kafka, PostgresTarget postgres, NpgsqlDataSource dataSource, ProcessorOptions processorOptions, LogFormat logFormat)
    {
        Kafka = kafka;
        Postgres = postgres;
        DataSource = dataSource;
        ProcessorOptions = processorOptions;
        _processorMetrics = new ProcessorMetrics();
        _sinkMetrics = new SinkMetrics();
        Sink = new EngagementSink(kafka.Settings, dataSource, metrics: _sinkMetrics);
        HeatmapSink = new HeatmapSink(kafka.Settings, dataSource, metrics: _sinkMetrics);
        Host = ServiceHost.Build(LogLevel.Warning, logFormat, Telemetry(processorOptions), services =>
        {
            services.AddSingleton(processorOptions);
            services.AddSingleton(_processorMetrics);
            services.AddHostedService<ProcessorService>();
            services.AddHostedService(_ => new EngagementSinkService(Sink));
            services.AddHostedService(_ => new HeatmapSinkService(HeatmapSink));
        });
        Processor = Host.Services.GetServices<IHostedService>().OfType<ProcessorService>().Single().Processor;
    }

    public KafkaTarget Kafka { get; }

    public PostgresTarget Postgres { get; }

    public NpgsqlDataSource DataSource { get; }

    public ProcessorOptions ProcessorOptions { get; }

    /// <summary>The processor and the sinks (built, started by <see cref="StartAsync"/>).</summary>
    public IHost Host { get; }

    public EngagementProcessor Processor { get; }

    public EngagementSink Sink { get; }

    public HeatmapSink HeatmapSink { get; }

    public bool IsReady => Processor.IsReady && Sink.IsReady && HeatmapSink.IsReady;

    /// <summary>Starts Kafka and PostgreSQL and builds the host; <paramref name="step"/> hears what happens.</summary>
    public static async Task<DemoPipeline> CreateAsync(Func<string, ProcessorOptions> processorOptions, LogFormat logFormat, Action<string> step, CancellationToken cancellation)
    {
        step("starting Kafka");
        var kafka = await KafkaTarget.FromEnvironmentAsync(TopicCatalog.Load(), cancellation);
        try
        {
            step(kafka.IsEmbedded
                ? $"embedded Kafka: {kafka.EmbeddedCluster!.BrokerCount} brokers at {kafka.Settings.BootstrapServers}"
                : $"Kafka at {kafka.Settings.BootstrapServers}");
            step("starting PostgreSQL");
            var postgres = await PostgresTarget.AcquireAsync(ct: cancellation);
            try
            {
                step(postgres.Embedded is { } embedded ? $"embedded PostgreSQL on port {embedded.Port}" : "PostgreSQL from STREAMAGG_POSTGRES");
                var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
                return new DemoPipeline(kafka, postgres, dataSource, processorOptions(kafka.Settings.BootstrapServers), logFormat);
            }
            catch
            {
                await postgres.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await kafka.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the processor and the sinks.</summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        await Host.StartAsync(cancellation);
        _started = true;
    }

    /// <summary>Drained: nothing left for the processor or the sinks, and the last batches stored.</summary>
    public async Task WaitUntilDrainedAsync(TimeSpan every, Action<string> progress, CancellationToken cancellation)
    {
        using var lag = new PipelineProgress(Kafka.Settings, ProcessorOptions.ApplicationId);
        var sinks = new DrainedSinks(DataSource, Sink, HeatmapSink);
        long lastStored = -1;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var processorLag = lag.ProcessorLag(Processor.InputTopics, Processor.CommittedOffsets);
            var rowLag = lag.SinkLag(TopicNames.Engagement, await sinks.EngagementPositionsAsync(cancellation));
            var heatmapLag = lag.SinkLag(TopicNames.HeatmapDeltas, await sinks.HeatmapPositionsAsync(cancellation));
            var stored = sinks.MessagesStored;
            progress($"processor lag {processorLag:N0} events, sink lag {rowLag:N0} rows and {heatmapLag:N0} heatmap deltas, {stored:N0} stored");
            // Drained: every event committed by the processor, every committed output stored, and
            // nothing new stored for one more round (the sinks' last batches are in).
            var caughtUp = processorLag == 0 && rowLag == 0 && heatmapLag == 0;
            if (caughtUp && stored == lastStored)
            {
                return;
            }

            lastStored = caughtUp ? stored : -1;
            await Task.Delay(every, cancellation);
        }
    }

    /// <summary>Stops the processor and the sinks (once; disposing stops them too).</summary>
    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            await Host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();

        Host.Dispose();
        _processorMetrics.Dispose();
        _sinkMetrics.Dispose();
        await DataSource.DisposeAsync();
        await Postgres.DisposeAsync();
        await Kafka.DisposeAsync();
    }

    private static TelemetryOptions Telemetry(ProcessorOptions processorOptions) => new()
    {
        ServiceName = "streamagg-demo",
        ServiceInstanceId = processorOptions.InstanceId,
        Meters = [ProcessorMetrics.MeterName, SinkMetrics.MeterName],
        ActivitySources = [ProcessorTracing.SourceName, SinkTracing.SourceName],
    };
}
