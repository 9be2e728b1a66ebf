using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Bench.State;
using StreamAgg.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// <c>bench throughput</c>: preloads N simulated events, then times one processor instance
/// consuming all of them from offset 0. Two figures, each on a fresh cluster with the same input:
/// "processor" stops the clock when the processor has committed its offset past the last event
/// (its outputs are then committed in Kafka); "end to end" runs the engagement and heatmap sinks
/// too and stops the clock when PostgreSQL has stored every committed output.
/// </summary>
internal sealed class ThroughputBench(ThroughputOptions options, BenchLog log, ILoggerFactory loggers)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    public async Task RunAsync(CancellationToken cancellation)
    {
        if (options.WarmUpEvents > 0)
        {
            await RunOnceAsync(endToEnd: false, options.WarmUpEvents, warmUp: true, cancellation);
        }

        if (!options.EndToEndOnly && options.StateCaches.Count > 0)
        {
            // Side by side: the variants alternate, so a change in the machine's load hits them alike.
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var cacheMb in options.StateCaches)
                {
                    await RunOnceAsync(endToEnd: false, options.Events, warmUp: false, cancellation, new StateVariant(cacheMb, round));
                }
            }
        }
        else if (!options.EndToEndOnly)
        {
            await RunOnceAsync(endToEnd: false, options.Events, warmUp: false, cancellation);
        }

        if (!options.ProcessorOnly)
        {
            await RunOnceAsync(endToEnd: true, options.Events, warmUp: false, cancellation);
        }
    }

    /// <summary>A processor figure of a side-by-side comparison: in memory (null) or the disk tier with this cache.</summary>
    private sealed record StateVariant(int? CacheMb, int Round)
    {
        public override string ToString() =>
            (CacheMb is { } mb ? $"disk tier, --state-cache-mb {mb}" : "state in memory") + $", round {Round}";
    }

    private async Task RunOnceAsync(bool endToEnd, long events, bool warmUp, CancellationToken cancellation, StateVariant? variant = null)
    {
        var what = endToEnd ? "end to end (processor and sinks, until PostgreSQL holds every result)" : "processor (until its last transaction commits)";
        if (variant is not null)
        {
            what += $", {variant}";
        }

        var stateDirectory = variant?.CacheMb is null ? null : Path.Combine(Path.GetTempPath(), "streamagg-bench-throughput-" + Guid.NewGuid().ToString("N"));
        if (options.WarmUpEvents > 0)
        {
            what += warmUp ? ", WARM-UP (not a figure)" : $", after a warm-up run of {options.WarmUpEvents:N0} events";
        }

        log.Step($"starting Kafka for the {(warmUp ? "warm-up" : endToEnd ? "end-to-end" : "processor")} run");
        await using var kafka = await BenchKafka.StartAsync(options.Bootstrap, cancellation);
        PostgresTarget? postgres = null;
        NpgsqlDataSource? dataSource = null;
        if (endToEnd)
        {
            log.Step("starting PostgreSQL");
            postgres = options.Postgres is { } connection
                ? await PostgresTarget.ConnectAsync(connection, cancellation)
                : await PostgresTarget.AcquireAsync(ct: cancellation);
            dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        }

        try
        {
            var workload = EventPreload.Workload(events, options.Viewers, options.Videos);
            log.Step($"preloading {events:N0} events of {options.Viewers:N0} viewers and {options.Videos:N0} videos into {TopicNames.PlayerEvents} ({kafka})");
            var preload = Stopwatch.StartNew();
            var delivered = await EventPreload.RunAsync(kafka.Settings, workload, log, cancellation);
            log.Step($"preloaded {delivered:N0} events in {preload.Elapsed.TotalSeconds:F1} s");
            var inputEnd = BenchKafka.EndOffsets(kafka, TopicNames.PlayerEvents);
            var inputRecords = inputEnd.Values.Sum();
            if (BenchKafka.StartOffsets(kafka, TopicNames.PlayerEvents).Values.Any(start => start > 0))
            {
                // The processor would start at the first record left and finish early.
                throw new InvalidOperationException(
                    "The cluster dropped the oldest events (the embedded one keeps 5 MiB per partition, about 50,000 events): use fewer --events, or --bootstrap.");
            }

            var processorOptions = new ProcessorOptions
            {
                BootstrapServers = kafka.Settings.BootstrapServers,
                ApplicationId = "streamagg-bench",
                InstanceId = "bench",
                Guarantee = options.Guarantee,
                StateDirectory = stateDirectory,
                StateCacheBytes = variant?.CacheMb is { } cacheMb ? (long)cacheMb << 20 : ProcessorOptions.DefaultStateCacheBytes,
            };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var metrics = new ProcessorMetrics();
            using var tier = new StateTierCounts(metrics);
            var processor = new EngagementProcessor(processorOptions, loggers, metrics: metrics);
            var sinkTasks = new List<Task>();
            EngagementSink? rows = null;
            HeatmapSink? heatmap = null;
            if (dataSource is not null)
            {
                rows = new EngagementSink(kafka.Settings, dataSource, logger: loggers.CreateLogger<EngagementSink>());
                heatmap = new HeatmapSink(kafka.Settings, dataSource, logger: loggers.CreateLogger<HeatmapSink>());
                sinkTasks.Add(Task.Factory.StartNew(() => rows.RunAsync(stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
                sinkTasks.Add(Task.Factory.StartNew(() => heatmap.RunAsync(stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
            }

            log.Step($"starting the processor ({options.Guarantee})");
            var started = Stopwatch.StartNew();
            var running = processor.RunAsync(stop.Token);
            try
            {
                await WaitAsync(() => processor.State == StreamThreadState.Running, running, "the processor to be assigned its partitions", cancellation);
                var startup = started.Elapsed;
                var cpuBefore = ThreadCpuTimes.Snapshot();
                var gcBefore = GcCounts.Snapshot();
                var loopBefore = processor.Timings?.Snapshot();
                var window = Stopwatch.StartNew();
                await WaitAsync(() => Covers(processor.CommittedOffsets, inputEnd), running, "the processor to commit every event", cancellation);
                var processed = window.Elapsed;
                (TimeSpan Rows, TimeSpan Heatmap)? sinksDone = null;
                if (endToEnd)
                {
                    var positions = new EngagementRowWriter(dataSource!);
                    var heatmapPositions = new HeatmapWriter(dataSource!);
                    var outputs = new[] { TopicNames.Engagement, TopicNames.HeatmapDeltas }
                        .ToDictionary(t => t, t => BenchKafka.EndOffsets(kafka, t));
                    // Kafka ends each transaction with a marker, and so does the embedded cluster
                    // since librdkafka 2.15.
                    var markers = options.Guarantee == ProcessingGuarantee.ExactlyOnce;
                    TimeSpan? rowsDone = null, heatmapDone = null;
                    await WaitAsync(
                        () =>
                        {
                            rowsDone ??= Stored(positions.ReadPositionsAsync(TopicNames.Engagement).GetAwaiter().GetResult(), outputs[TopicNames.Engagement], markers) ? window.Elapsed : null;
                            heatmapDone ??= Stored(heatmapPositions.ReadPositionsAsync(TopicNames.HeatmapDeltas).GetAwaiter().GetResult(), outputs[TopicNames.HeatmapDeltas], markers) ? window.Elapsed : null;
                            return rowsDone is not null && heatmapDone is not null;
                        },
                        Task.WhenAny(sinkTasks.Append(running)).Unwrap(),
                        "the sinks to store every output",
                        cancellation);
                    sinksDone = (rowsDone!.Value, heatmapDone!.Value);
                }

                var wall = window.Elapsed;
                var loopAfter = processor.Timings?.Snapshot();
                var cpuAfter = ThreadCpuTimes.Snapshot();
                var gcAfter = GcCounts.Snapshot();
                log.Heading($"throughput, {what}");
                log.Figure("events in player-events", $"{inputRecords:N0}");
                log.Figure("processor start-up (join, restore)", Seconds(startup));
                if (endToEnd)
                {
                    log.Figure("processor done after", Seconds(processed) + $" ({inputRecords / processed.TotalSeconds:N0} events/s)");
                    log.Figure("rows and deltas stored", $"{rows!.Statistics.MessagesStored:N0} rows, {heatmap!.Statistics.MessagesStored:N0} heatmap deltas ({heatmap.Statistics.SecondsMerged:N0} cells merged)");
                    log.Figure("engagement sink done after", Seconds(sinksDone!.Value.Rows) + $" ({inputRecords / sinksDone.Value.Rows.TotalSeconds:N0} events/s)");
                    log.Figure("heatmap sink done after", Seconds(sinksDone.Value.Heatmap) + $" ({inputRecords / sinksDone.Value.Heatmap.TotalSeconds:N0} events/s)");
                }

                log.Figure(endToEnd ? "END TO END events/s (wall)" : "PROCESSOR events/s (wall)", string.Create(CultureInfo.InvariantCulture, $"{inputRecords / wall.TotalSeconds:N0} events/s ({Seconds(wall)} from assignment)"));
                log.Figure("outputs", $"{BenchKafka.Count(kafka, TopicNames.Engagement):N0} engagement rows, {BenchKafka.Count(kafka, TopicNames.HeatmapDeltas):N0} heatmap deltas, {BenchKafka.Count(kafka, TopicNames.DeadLetters):N0} dead letters, {BenchKafka.Count(kafka, TopicNames.EngagementStateChangelog):N0} changelog records");
                log.CpuBreakdown(cpuBefore, cpuAfter, wall.TotalSeconds);
                log.Figure("managed heap (whole process)", gcAfter.Since(gcBefore, inputRecords));
                log.Figure("CPU per event, whole process", string.Create(CultureInfo.InvariantCulture, $"{(cpuAfter.ProcessTotal - cpuBefore.ProcessTotal).TotalMicroseconds / inputRecords:F1} µs (embedded Kafka included)"));
                if (loopBefore is not null && loopAfter is not null)
                {
                    log.LoopBreakdown(loopAfter.Since(loopBefore), wall);
                }

                if (variant is not null)
                {
                    var (heldKeys, heldBytes) = tier.Held();
                    log.Figure("state held in memory at the end", string.Create(CultureInfo.InvariantCulture, $"{heldKeys:N0} keys, {heldBytes / 1e6:F1} MB (last snapshot)"));
                }

                if (stateDirectory is not null)
                {
                    var onDisk = new DirectoryInfo(stateDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                    log.Figure("disk tier", string.Create(CultureInfo.InvariantCulture, $"{tier.Evicted:N0} keys evicted, {tier.Loaded:N0} loaded back; {onDisk / 1e6:F1} MB of RocksDB files (memtables excluded)"));
                }
            }
            finally
            {
                await stop.CancelAsync();
                await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await Task.WhenAll(sinkTasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            if (stateDirectory is not null && Directory.Exists(stateDirectory))
            {
                Directory.Delete(stateDirectory, recursive: true);
            }

            if (dataSource is not null)
            {
                await dataSource.DisposeAsync();
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private static bool Covers(IReadOnlyDictionary<TopicPartition, long> committed, Dictionary<TopicPartition, long> ends) =>
        ends.All(end => end.Value == 0 || committed.GetValueOrDefault(end.Key) >= end.Value);

    /// <summary>
    /// A sink stores the offset after the last record it stored. Behind the last record of a
    /// partition there may be one commit marker, which is never delivered as a record.
    /// </summary>
    private static bool Stored(IReadOnlyDictionary<int, long> positions, Dictionary<TopicPartition, long> ends, bool markers) =>
        ends.All(end => positions.GetValueOrDefault(end.Key.Partition.Value) >= end.Value - (markers ? 1 : 0));

    private async Task WaitAsync(Func<bool> condition, Task running, string what, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (running.IsCompleted)
            {
                await running; // surfaces the error that stopped it
                throw new InvalidOperationException($"Stopped while waiting for {what}.");
            }

            if (deadline.Elapsed > options.Timeout)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {options.Timeout}.");
            }

            await Task.Delay(Tick, cancellation);
        }
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F2} s");
}
