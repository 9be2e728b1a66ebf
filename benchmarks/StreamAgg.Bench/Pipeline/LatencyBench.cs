using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Kafka;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Runtime;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Workload;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// <c>bench latency</c>: with the processor and the engagement sink running, a producer sends
/// simulated events at a fixed rate, noting when it handed each one to the Kafka client. A
/// read_committed consumer of <c>engagement</c> notes when each row arrives; a row reflects the
/// first <c>eventsApplied + lateEventsDropped + duplicateEventsDropped</c> events of its key, so
/// every event it newly covers gets "row readable in Kafka" latency = arrival − production. The
/// sink stores the offsets it consumed in the same PostgreSQL transaction as the rows, so a row
/// is readable in PostgreSQL from the first poll (every 20 ms) that finds the sink's stored
/// position past the row's offset: that gives the "row readable in PostgreSQL" latency. Every
/// poll that moved a position is remembered, so a row this consumer reads after the sink stored
/// it still counts from that poll, not from when this consumer got to it.
/// All times come from one monotonic clock (<see cref="Stopwatch"/>) in this one process.
/// The bench's own threads share the two cores with what they measure, so they stay lean: the
/// producer sleeps between millisecond ticks (sending what fell due) instead of spinning between
/// events, and the row reader decodes only the three counts it needs.
/// </summary>
internal sealed partial class LatencyBench(LatencyOptions options, BenchLog log, ILoggerFactory loggers)
{
    private static readonly TimeSpan PostgresPoll = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly Dictionary<EngagementKey, KeyTrack> _keys = [];
    private readonly LatencySamples _kafka = new();
    private readonly LatencySamples _postgres = new();
    private readonly Dictionary<int, Queue<(long Offset, KeyTrack Track, int Count)>> _awaitingPostgres = [];
    // Per partition, each stored position the polls saw and when: ascending in both.
    private readonly Dictionary<int, List<(long Next, long At)>> _storedPositions = [];
    private long _produced;
    private long _productionFailures;
    private double _producerCpuSeconds;

    public async Task RunAsync(CancellationToken cancellation)
    {
        log.Step("starting Kafka and PostgreSQL");
        await using var kafka = await BenchKafka.StartAsync(options.Bootstrap, cancellation);
        await using var postgres = options.Postgres is { } connection
            ? await PostgresTarget.ConnectAsync(connection, cancellation)
            : await PostgresTarget.AcquireAsync(ct: cancellation);
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var processor = new EngagementProcessor(
            new ProcessorOptions { BootstrapServers = kafka.Settings.BootstrapServers, ApplicationId = "streamagg-bench", InstanceId = "bench" },
            loggers);
        var sink = new EngagementSink(kafka.Settings, dataSource, logger: loggers.CreateLogger<EngagementSink>());
        var running = new List<Task>
        {
            processor.RunAsync(stop.Token),
            Task.Factory.StartNew(() => sink.RunAsync(stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap(),
        };
        try
        {
            var positions = new EngagementRowWriter(dataSource);
            await WaitAsync(async () => processor.State == StreamThreadState.Running && await TryReadPositionsAsync(positions, cancellation) is not null, running, cancellation);
            log.Step("processor and sink running");

            var rows = new Thread(() => ReadRows(kafka, stop.Token)) { Name = "bench-rows", IsBackground = true };
            rows.Start();
            var polling = PollPostgresAsync(positions, stop.Token);

            var events = Prepare();
            log.Step($"producing {options.Rate:N0} events/s for {options.Seconds:N0} s ({options.Viewers:N0} viewers, {options.Videos:N0} videos, no bad input, duplicates or late events)");
            var cpuBefore = ThreadCpuTimes.Snapshot();
            var loopBefore = processor.Timings?.Snapshot();
            var (batchesBefore, rowsBefore) = (sink.Statistics.BatchesStored, sink.Statistics.MessagesStored);
            var started = Stopwatch.GetTimestamp();
            var producer = Task.Factory.StartNew(() => Produce(kafka, events, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            while (!producer.IsCompleted)
            {
                await Task.WhenAny(producer, Task.Delay(TimeSpan.FromSeconds(5), cancellation));
                lock (_gate)
                {
                    log.Step($"produced {Interlocked.Read(ref _produced):N0}; rows reflect {_kafka.Count:N0} in Kafka, {_postgres.Count:N0} in PostgreSQL");
                }
            }

            await producer;
            var producing = Stopwatch.GetElapsedTime(started);
            log.Step($"produced {_produced:N0} events in {producing.TotalSeconds:F1} s ({_produced / producing.TotalSeconds:N0}/s); waiting for their rows");
            await WaitAsync(() => Task.FromResult(AllSeen()), running, cancellation, options.DrainTimeout, mayTimeOut: true);
            var cpuAfter = ThreadCpuTimes.Snapshot();
            var loopAfter = processor.Timings?.Snapshot();
            var warm = started + (long)(options.WarmupSeconds * Stopwatch.Frequency);
            lock (_gate)
            {
                log.Heading($"latency at {options.Rate:N0} events/s, event produced → its row readable");
                log.Figure("events produced", string.Create(CultureInfo.InvariantCulture, $"{_produced:N0} ({_productionFailures:N0} failed) at {_produced / producing.TotalSeconds:N0}/s, {_keys.Count:N0} keys"));
                log.Figure($"KAFKA (engagement, read_committed)", _kafka.Describe(warm));
                log.Figure($"POSTGRESQL (engagement table)", _postgres.Describe(warm));
                log.Figure($"  first {options.WarmupSeconds:N0} s included: Kafka", _kafka.Describe(0));
                log.Figure($"  first {options.WarmupSeconds:N0} s included: PostgreSQL", _postgres.Describe(0));
                log.Figure("events never reflected", $"{_produced - _kafka.Count:N0} in Kafka, {_produced - _postgres.Count:N0} in PostgreSQL (within {options.DrainTimeout.TotalSeconds:N0} s)");
                log.CpuBreakdown(cpuBefore, cpuAfter, Stopwatch.GetElapsedTime(started).TotalSeconds);
                log.Figure("  of which the bench producer", string.Create(CultureInfo.InvariantCulture, $"{_producerCpuSeconds:F2} s (its thread has ended: not in the list)"));
                var (batches, stored) = (sink.Statistics.BatchesStored - batchesBefore, sink.Statistics.MessagesStored - rowsBefore);
                log.Figure("engagement sink", string.Create(CultureInfo.InvariantCulture, $"{stored:N0} rows in {batches:N0} transactions ({(batches == 0 ? 0 : stored / batches):N0} per transaction)"));
                if (loopBefore is not null && loopAfter is not null)
                {
                    log.LoopBreakdown(loopAfter.Since(loopBefore), Stopwatch.GetElapsedTime(started));
                }
            }

            await stop.CancelAsync();
            rows.Join();
            await polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Generates the run's events before the clock starts (simulated players are other machines:
    /// generating their JSON is no part of the pipeline's two cores), each with its key's track.
    /// </summary>
    private List<PreparedEvent> Prepare()
    {
        var workload = new SimulationOptions
        {
            Viewers = options.Viewers,
            Videos = options.Videos,
            BadInputFraction = 0,
            DuplicateFraction = 0,
            OutOfOrderFraction = 0,
        };
        var generator = new WorkloadGenerator(workload, DateTimeOffset.UtcNow);
        var parser = new PlayerEventParser();
        var total = (long)(options.Rate * options.Seconds);
        var events = new List<PreparedEvent>((int)Math.Min(total, int.MaxValue));
        var chunk = new byte[1 << 20];
        var used = 0;
        for (long i = 0; i < total; i++)
        {
            var message = generator.Next();
            if (parser.TryParse(message.Value.Span, out var evt) != DeadLetterReason.None)
            {
                continue; // not produced by the simulator with bad input off; skipped rather than counted wrong
            }

            var key = new EngagementKey(evt.UserId, evt.VideoId);
            KeyTrack? track;
            lock (_gate)
            {
                // The row reader already runs (it finds no rows yet).
                if (!_keys.TryGetValue(key, out track))
                {
                    _keys.Add(key, track = new KeyTrack());
                }
            }

            var length = message.Key.Length + message.Value.Length;
            if (used + length > chunk.Length)
            {
                chunk = new byte[Math.Max(chunk.Length, length)];
                used = 0;
            }

            message.Key.Span.CopyTo(chunk.AsSpan(used));
            message.Value.Span.CopyTo(chunk.AsSpan(used + message.Key.Length));
            events.Add(new PreparedEvent(chunk, used, message.Key.Length, message.Value.Length, track));
            used += length;
        }

        return events;
    }

    private void Produce(KafkaTarget kafka, List<PreparedEvent> events, CancellationToken stop)
    {
        var config = kafka.Settings.Producer("streamagg-bench-latency");
        config.DeliveryReportFields = "none";
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var cpuStart = ThreadCpuClock.Seconds();
        var start = Stopwatch.GetTimestamp();
        var ticksPerEvent = Stopwatch.Frequency / options.Rate;
        Action<DeliveryReport<byte[], byte[]>> delivered = r =>
        {
            if (r.Error.IsError)
            {
                Interlocked.Increment(ref _productionFailures);
            }
        };
        for (var i = 0; i < events.Count && !stop.IsCancellationRequested; i++)
        {
            // Each event goes when it falls due, in the tick (about a millisecond) it does: waiting
            // for the next one by spinning took most of a core from the pipeline under test.
            var due = start + (long)(i * ticksPerEvent);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.Sleep(1);
            }

            var next = events[i];
            var message = new Message<byte[], byte[]> { Key = next.Key(), Value = next.Value() };
            lock (_gate)
            {
                next.Track.Produced.Add(Stopwatch.GetTimestamp());
            }

            while (true)
            {
                try
                {
                    producer.Produce(TopicNames.PlayerEvents, message, delivered);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(1));
                }
            }

            Interlocked.Increment(ref _produced);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        _producerCpuSeconds = ThreadCpuClock.Seconds() - cpuStart;
    }

    private async Task WaitAsync(Func<Task<bool>> condition, List<Task> running, CancellationToken cancellation, TimeSpan? timeout = null, bool mayTimeOut = false)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            if (running.FirstOrDefault(t => t.IsCompleted) is { } ended)
            {
                await ended;
                throw new InvalidOperationException("The processor or the sink stopped.");
            }

            if (deadline.Elapsed > limit)
            {
                if (mayTimeOut)
                {
                    return;
                }

                throw new TimeoutException($"Gave up after {limit}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellation);
        }
    }
}
