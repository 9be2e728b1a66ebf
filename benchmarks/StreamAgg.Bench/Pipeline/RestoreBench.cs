using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// <c>bench restore</c>: writes N engagement-state records (realistic serialized states, see
/// <see cref="StateTemplates"/>) into partition 0 of the state changelog, then times
/// <see cref="ChangelogRestorer"/> rebuilding an <see cref="EngagementTask"/> from it, the way a
/// processor does on assignment: fetch, decode the key, deserialize the state, insert.
/// </summary>
internal sealed class RestoreBench(RestoreOptions options, BenchLog log, ILoggerFactory loggers)
{
    /// <summary>
    /// The embedded cluster keeps at most 5 MiB of batches per partition (librdkafka's mock drops
    /// the oldest beyond that), so on it the records are spread over enough partitions to keep
    /// every one: about 400 bytes per record after LZ4, 10,000 records per partition.
    /// </summary>
    private const int EmbeddedRecordsPerPartition = 10_000;

    public async Task RunAsync(CancellationToken cancellation)
    {
        log.Step("starting Kafka");
        await using var kafka = await StartAsync(cancellation);
        var partitions = PartitionCount(kafka);
        var templateCount = Math.Min(options.Keys, options.TemplateKeys);
        log.Step($"simulating traffic until {templateCount:N0} (user, video) states exist");
        var templates = StateTemplates.Build(templateCount);
        log.Step($"writing {options.Keys:N0} state records to {TopicNames.EngagementStateChangelog}, {partitions} partitions");
        var records = Records(templates);
        var bytes = Write(kafka.Settings.Producer("streamagg-bench-restore"), partitions, records, cancellation);
        log.Step($"wrote {bytes / 1e6:F1} MB ({(double)bytes / options.Keys:F0} bytes per record, key included)");
        var ends = BenchKafka.EndOffsets(kafka, TopicNames.EngagementStateChangelog);
        var starts = BenchKafka.StartOffsets(kafka, TopicNames.EngagementStateChangelog);
        if (starts.Values.Any(s => s > 0) || ends.Values.Sum() != options.Keys)
        {
            throw new InvalidOperationException(
                $"The changelog holds {ends.Values.Sum() - starts.Values.Sum():N0} of the {options.Keys:N0} records written: the cluster dropped the oldest.");
        }

        var processorOptions = new ProcessorOptions { BootstrapServers = kafka.Settings.BootstrapServers, ApplicationId = "streamagg-bench", InstanceId = "bench" };
        using var restorer = new ChangelogRestorer(processorOptions, loggers.CreateLogger<ChangelogRestorer>(), ProcessorMetrics.Unobserved);
        for (var run = 1; run <= options.Runs; run++)
        {
            Collect();
            FetchOnly(restorer, partitions, run, cancellation);
            Collect();
            InMemory(records, partitions, run);
            Collect();
            var tasks = Enumerable.Range(0, partitions)
                .Select(p => new EngagementTask(new TopicPartition(TopicNames.PlayerEvents, p), EngagementOptions.Default, heatmapSalt: null, new VideoCatalog(), TimeProvider.System))
                .ToList();
            try
            {
                var cpuBefore = ThreadCpuTimes.Snapshot();
                var gcBefore = GcActivity.Snapshot();
                var threadBefore = ThreadCpuClock.Seconds();
                var clock = Stopwatch.StartNew();
                var restored = restorer.Restore(tasks, cancellation).Sum(r => r.Records);

                var wall = clock.Elapsed.TotalSeconds;
                var threadCpu = ThreadCpuClock.Seconds() - threadBefore;
                var cpuAfter = ThreadCpuTimes.Snapshot();
                var gc = GcActivity.Snapshot().Since(gcBefore);
                var keys = tasks.Sum(t => t.KeyCount);
                if (restored != options.Keys || keys != options.Keys)
                {
                    throw new InvalidOperationException($"Restored {restored:N0} records into {keys:N0} keys; expected {options.Keys:N0}.");
                }

                log.Heading($"restore, run {run} of {options.Runs}");
                log.Figure("records restored", $"{restored:N0} into {keys:N0} keys, {partitions} tasks restored together, as on an assignment");
                log.Figure("RESTORE records/s (wall)", string.Create(CultureInfo.InvariantCulture, $"{restored / wall:N0} records/s, {bytes / 1e6 / wall:F1} MB/s ({wall:F2} s)"));
                log.Figure("restoring thread CPU", string.Create(CultureInfo.InvariantCulture, $"{threadCpu:F2} s ({threadCpu * 1e6 / restored:F2} µs per record)"));
                Split(restorer.LastTimings);
                log.Figure("GC", gc);
                log.CpuBreakdown(cpuBefore, cpuAfter, wall);
            }
            finally
            {
                tasks.ForEach(t => t.Dispose());
            }
        }
    }

    /// <summary>Each phase starts without the previous one's garbage, so its GC figures are its own.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>The same restoration into tasks that keep nothing: what fetching alone costs.</summary>
    private void FetchOnly(ChangelogRestorer restorer, int partitions, int run, CancellationToken cancellation)
    {
        var gcBefore = GcActivity.Snapshot();
        var cpuBefore = ThreadCpuTimes.Snapshot();
        var threadBefore = ThreadCpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        var fetchers = Enumerable.Range(0, partitions)
            .Select(p => (IStreamTask)new FetchOnlyTask(p, TopicNames.EngagementStateChangelog))
            .ToList();
        var restored = restorer.Restore(fetchers, cancellation).Sum(r => r.Records);

        var wall = clock.Elapsed.TotalSeconds;
        var threadCpu = ThreadCpuClock.Seconds() - threadBefore;
        var processCpu = (ThreadCpuTimes.Snapshot().ProcessTotal - cpuBefore.ProcessTotal).TotalSeconds;
        log.Heading($"fetch only (tasks that keep nothing), run {run} of {options.Runs}");
        log.Figure("records fetched", string.Create(CultureInfo.InvariantCulture, $"{restored:N0}: {restored / wall:N0} records/s ({wall:F2} s), CPU per record {processCpu * 1e6 / restored:F2} µs for the whole process, {threadCpu * 1e6 / restored:F2} µs on the restoring thread"));
        Split(restorer.LastTimings);
        log.Figure("GC", GcActivity.Snapshot().Since(gcBefore));
    }

    /// <summary>Where the restoring thread's wall time went (<see cref="RestoreTimings"/>).</summary>
    private void Split(RestoreTimings t)
    {
        log.Figure("  offsets and assign", string.Create(CultureInfo.InvariantCulture, $"{t.Setup.TotalSeconds:F3} s"));
        log.Figure("  waiting for fetched records", string.Create(CultureInfo.InvariantCulture, $"{t.Starved.TotalSeconds:F3} s (restoring thread)"));
        log.Figure("  handing records to tasks", string.Create(CultureInfo.InvariantCulture, $"{t.Handing.TotalSeconds:F3} s (restoring thread)"));
        log.Figure("  fetching thread", string.Create(CultureInfo.InvariantCulture, $"blocked in Consume {t.Consuming.TotalSeconds:F3} s ({t.Waits:N0} waits for a fetch: {t.Waiting.TotalSeconds:F3} s; {t.ConsumeCalls:N0} calls in all), held back by the restoring thread {t.HeldBack.TotalSeconds:F3} s"));
        log.Figure("  closing (unassign)", string.Create(CultureInfo.InvariantCulture, $"{t.Closing.TotalSeconds:F3} s"));
    }

    private async Task<KafkaTarget> StartAsync(CancellationToken cancellation)
    {
        if (options.Bootstrap is not null)
        {
            return await BenchKafka.StartAsync(options.Bootstrap, cancellation);
        }

        // Only the changelog, with as many partitions as its records need on the mock.
        var partitions = Math.Max(1, (options.Keys + EmbeddedRecordsPerPartition - 1) / EmbeddedRecordsPerPartition);
        var catalog = TopicCatalog.Parse(
            $"topics:\n  - name: {TopicNames.EngagementStateChangelog}\n    partitions: {partitions}\n    replicationFactor: 3\n",
            "bench restore");
        return KafkaTarget.StartEmbedded(catalog);
    }

    private static int PartitionCount(KafkaTarget kafka) => BenchKafka.EndOffsets(kafka, TopicNames.EngagementStateChangelog).Count;

    private List<(byte[] Key, byte[] Value)> Records(List<(EngagementKey Key, byte[] State)> templates)
    {
        var records = new List<(byte[], byte[])>(options.Keys);
        for (var i = 0; i < options.Keys; i++)
        {
            var (template, state) = templates[i % templates.Count];
            var key = EngagementKeyCodec.Encode(new EngagementKey(
                i < templates.Count ? template.UserId : string.Create(CultureInfo.InvariantCulture, $"{template.UserId}~{i}"),
                template.VideoId));
            records.Add((key, state));
        }

        return records;
    }

    private static long Write(ProducerConfig config, int partitions, List<(byte[] Key, byte[] Value)> records, CancellationToken cancellation)
    {
        config.BatchNumMessages = 10_000;
        config.QueueBufferingMaxMessages = 500_000;
        config.DeliveryReportFields = "none";
        long bytes = 0;
        long failed = 0;
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        for (var i = 0; i < records.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (key, value) = records[i];
            bytes += key.Length + value.Length;
            var message = new Message<byte[], byte[]> { Key = key, Value = value };
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(TopicNames.EngagementStateChangelog, i % partitions), message, r => { if (r.Error.IsError) Interlocked.Increment(ref failed); });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        producer.Flush(cancellation);
        if (Interlocked.Read(ref failed) > 0)
        {
            throw new IOException($"{failed} changelog records could not be written");
        }

        return bytes;
    }

    /// <summary>Decoding and storing alone: the records handed to tasks straight from memory, no Kafka.</summary>
    private void InMemory(List<(byte[] Key, byte[] Value)> records, int partitions, int run)
    {
        var tasks = Enumerable.Range(0, partitions)
            .Select(p => new EngagementTask(new TopicPartition(TopicNames.PlayerEvents, p), EngagementOptions.Default, heatmapSalt: null, new VideoCatalog(), TimeProvider.System))
            .ToList();
        var gcBefore = GcActivity.Snapshot();
        var threadBefore = ThreadCpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            tasks[i % partitions].Restore(TopicNames.EngagementStateChangelog, records[i].Key, records[i].Value);
        }

        var wall = clock.Elapsed.TotalSeconds;
        var threadCpu = ThreadCpuClock.Seconds() - threadBefore;
        var gc = GcActivity.Snapshot().Since(gcBefore);
        tasks.ForEach(t => t.Dispose());
        log.Heading($"decode and store only (from memory, no Kafka), run {run} of {options.Runs}");
        log.Figure("records stored", string.Create(CultureInfo.InvariantCulture, $"{records.Count:N0}: {records.Count / wall:N0} records/s ({wall:F2} s), thread CPU {threadCpu * 1e6 / records.Count:F2} µs per record"));
        log.Figure("GC", gc);
    }
}
