using System.Text;
using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Simulator.Workload;
using StreamAgg.Wire;

namespace StreamAgg.Simulator.Production;

/// <summary>
/// Sends a <see cref="WorkloadGenerator"/>'s messages to Kafka: video metadata first (topic
/// <c>video-metadata</c>, key videoId), then player events (topic <c>player-events</c>, key
/// userId, so every user+video stays in one partition), paced by the simulated clock and the rate
/// limit, until the event count or simulated duration is reached or the run is cancelled.
/// The producer uses acks=all and idempotence; batching is the Confluent client's own.
/// </summary>
public sealed class SimulationProducer
{
    /// <summary>The client.id of the simulator's producer.</summary>
    public const string ClientId = "streamagg-simulator";

    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private readonly KafkaClientSettings _kafka;
    private readonly SimulationOptions _options;
    private readonly TimeProvider _time;

    /// <param name="kafka">The cluster; its producer defaults (acks=all, idempotence, LZ4, linger 5 ms) are used.</param>
    /// <param name="options">What to simulate; validated here.</param>
    /// <param name="timeProvider">Wall clock for pacing and progress; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SimulationProducer(KafkaClientSettings kafka, SimulationOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        _kafka = kafka;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Runs the simulation. Cancellation stops it cleanly: what was sent is flushed and the
    /// report returned (with <see cref="SimulationReport.Cancelled"/> set), no exception thrown.
    /// </summary>
    /// <param name="onProgress">Called about every <see cref="SimulationOptions.ProgressInterval"/>, and once at the end, on the calling flow.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<SimulationReport> RunAsync(Action<SimulationProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        long startTimestamp = _time.GetTimestamp();
        var start = DateTimeOffset.FromUnixTimeMilliseconds((_options.StartTime ?? _time.GetUtcNow()).ToUnixTimeMilliseconds());
        var generator = new WorkloadGenerator(_options, start);
        var events = new DeliveryTally();
        var metadata = new DeliveryTally();
        var run = new RunState(start.ToUnixTimeMilliseconds());

        using (var producer = new ProducerBuilder<byte[], byte[]>(BuildConfig()).Build())
        {
            foreach (var video in generator.MetadataMessages())
            {
                Send(producer, TopicNames.VideoMetadata, Encoding.UTF8.GetBytes(video.VideoId), video.Value, metadata);
                run.MetadataSent++;
            }

            var pacer = new ProductionPacer(_time, run.StartMs, _options.Speedup, _options.EventsPerSecond);
            var progress = new ProgressClock(_time, _options.ProgressInterval, onProgress);
            try
            {
                await SendEventsAsync(producer, generator, pacer, progress, events, metadata, run, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                run.Cancelled = true;
            }

            run.Undelivered = await Task.Run(() => producer.Flush(FlushTimeout), CancellationToken.None).ConfigureAwait(false);
            progress.Report(run, events, metadata, force: true);
        }

        return new SimulationReport
        {
            EventsSent = run.EventsSent,
            EventsDelivered = events.Delivered,
            MetadataSent = run.MetadataSent,
            MetadataDelivered = metadata.Delivered,
            DeliveryErrors = events.Failed + metadata.Failed,
            Undelivered = run.Undelivered,
            BadInputSent = run.BadInputSent,
            DuplicatesSent = run.DuplicatesSent,
            OutOfOrderSent = run.OutOfOrderSent,
            Cancelled = run.Cancelled,
            LastError = events.LastError ?? metadata.LastError,
            SimulatedStart = start,
            SimulatedEnd = DateTimeOffset.FromUnixTimeMilliseconds(run.LastSendMs),
            Elapsed = _time.GetElapsedTime(startTimestamp),
        };
    }

    private async Task SendEventsAsync(
        IProducer<byte[], byte[]> producer,
        WorkloadGenerator generator,
        ProductionPacer pacer,
        ProgressClock progress,
        DeliveryTally events,
        DeliveryTally metadata,
        RunState run,
        CancellationToken cancellationToken)
    {
        long maxEvents = _options.MaxEvents ?? long.MaxValue;
        long endMs = _options.Duration is { } duration ? run.StartMs + (long)duration.TotalMilliseconds : long.MaxValue;
        while (run.EventsSent < maxEvents && !events.Fatal && !metadata.Fatal)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = generator.Next();
            if (message.SendTimeMs >= endMs)
                return;

            TimeSpan wait;
            while ((wait = pacer.DelayBefore(message.SendTimeMs)) > TimeSpan.Zero)
            {
                progress.Report(run, events, metadata, force: false);
                // Short hops, so progress keeps flowing during long simulated lulls.
                await Task.Delay(wait < progress.Interval ? wait : progress.Interval, _time, cancellationToken).ConfigureAwait(false);
            }

            // The generator reuses its buffer; Confluent wants an array of the exact length.
            Send(producer, TopicNames.PlayerEvents, message.KeyUtf8, message.Value.ToArray(), events);
            run.Count(message);
            if ((run.EventsSent & 255) == 0)
                progress.Report(run, events, metadata, force: false);
        }
    }

    private static void Send(IProducer<byte[], byte[]> producer, string topic, byte[] key, byte[] value, DeliveryTally tally)
    {
        var message = new Message<byte[], byte[]> { Key = key, Value = value };
        while (true)
        {
            try
            {
                producer.Produce(topic, message, tally.OnDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: let deliveries drain, then try the same message again.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                tally.Fail(e.Error);
                return;
            }
        }
    }

    private ProducerConfig BuildConfig()
    {
        var config = _kafka.Producer(ClientId);
        config.BatchNumMessages = 10_000;
        config.QueueBufferingMaxMessages = 500_000;
        // Reports only need the error: do not marshal keys and values back.
        config.DeliveryReportFields = "none";
        return config;
    }
}
