using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAgg.Bench.Pipeline;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;
using StreamAgg.Processor.Engagement;
using StreamAgg.Processor.State;
using StreamAgg.Wire;

namespace StreamAgg.Bench.State;

/// <summary>
/// <c>bench state</c>: N distinct (user, video) keys, each watched once (a play, then the end a
/// minute later) and finished, through one engagement task with the disk tier, committing every
/// <see cref="StateBenchOptions.EventsPerCommit"/> events; then a clean stop (checkpoint) and a
/// restart, and a crash (no checkpoint) and a restart. Reports the peak managed heap, the store's
/// size on disk, and how long each restart took and how many changelog records it read.
/// </summary>
/// <remarks>
/// The task is the processor's own (<see cref="EngagementTask"/> with its store stack); only
/// Kafka is left out: the changelog goes to a file (<see cref="FileChangelog"/>), so restoring
/// times the store and not the fetching (<c>bench restore</c> measures that).
/// </remarks>
internal sealed class StateBench(StateBenchOptions options, BenchLog log)
{
    private const string ApplicationId = "streamagg-bench";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Keys start 100 ms apart: about SessionTimeout / 100 ms = 18,000 keys have an open session at
    // once, and 10 million keys span 11.6 days (the heatmap keeps a little per video and day).
    private const long KeyStepMs = 100;
    private const long WatchMs = 60_000;

    private long _peakHeap;

    public Task RunAsync(CancellationToken cancellation)
    {
        var work = Path.Combine(options.WorkDirectory, "streamagg-bench-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Run(work, cancellation);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return Task.CompletedTask;
    }

    private void Run(string work, CancellationToken cancellation)
    {
        var stateDirectory = Path.Combine(work, "state");
        var local = new LocalStateOptions(stateDirectory, ApplicationId, "bench", new StateCacheBudget((long)options.CacheMb << 20));
        var input = new TopicPartition(TopicNames.PlayerEvents, 0);
        var changelogTopic = TopicNames.EngagementStateChangelog;
        log.Step($"{options.Keys:N0} keys, --state-cache-mb {options.CacheMb}, a commit every {options.EventsPerCommit:N0} events; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");

        // 1. Run every key through the task.
        Collect();
        long changelogRecords;
        long events = 0;
        var clock = Stopwatch.StartNew();
        using (var changelog = new FileChangelog(Path.Combine(work, "changelog.bin"), changelogTopic))
        {
            var task = NewTask(input, local);
            try
            {
                var record = new ConsumeResult<byte[], byte[]>
                {
                    Topic = input.Topic,
                    Partition = input.Partition,
                    Message = new Message<byte[], byte[]> { Key = [], Value = [] },
                };
                var json = new StringBuilder(256);
                for (var i = 0; i < options.Keys; i++)
                {
                    var at = Start.ToUnixTimeMilliseconds() + (i * KeyStepMs);
                    foreach (var (name, offsetMs, position) in new[] { ("video_play", 0L, 0), ("video_end", WatchMs, 60) })
                    {
                        json.Clear().Append(CultureInfo.InvariantCulture,
                            $$"""{"userId":"bench-user-{{i}}","sessionId":"s{{i}}","videoId":"video_{{i % 500:D3}}","eventName":"{{name}}","timestamp":{{at + offsetMs}},"currentTime":{{position}},"videoDuration":600}""");
                        record.Message.Value = Encoding.UTF8.GetBytes(json.ToString());
                        record.Message.Timestamp = new Timestamp(at + offsetMs, TimestampType.CreateTime);
                        record.Offset = events;
                        task.Process(record, changelog);
                        if (++events % options.EventsPerCommit == 0)
                        {
                            task.Flush(changelog);
                            SampleHeap();
                            cancellation.ThrowIfCancellationRequested();
                        }
                    }

                    if (i > 0 && i % 500_000 == 0)
                    {
                        // What is live (a full collection first), apart from garbage the GC has not collected yet.
                        var heap = GC.GetTotalMemory(false);
                        log.Step($"{i:N0} keys, {task.KeyCount:N0} held in memory, heap {heap / 1e6:F0} MB, live after a full GC {GC.GetTotalMemory(true) / 1e6:F0} MB");
                    }
                }

                // The last sessions close once the partition has been quiet past the timeout.
                var now = DateTimeOffset.UtcNow;
                task.Punctuate(now, changelog);
                task.Punctuate(now + EngagementOptions.Default.SessionTimeout + TimeSpan.FromMinutes(1), changelog);
                task.Flush(changelog);
                SampleHeap();
                changelog.Flush();
                changelogRecords = changelog.Records;
                var seconds = clock.Elapsed.TotalSeconds;
                log.Heading($"state, {options.Keys:N0} keys through one task");
                log.Figure("events processed", string.Create(CultureInfo.InvariantCulture, $"{events:N0} in {seconds:F1} s ({events / seconds:N0} events/s, commits included)"));
                log.Figure("changelog", $"{changelogRecords:N0} records, {changelog.Bytes / 1e6:F0} MB");
                log.Figure("keys held in memory at the end", $"{task.KeyCount:N0} (evicted {task.LocalState!.Cache.Evicted:N0} times, loaded back {task.LocalState.Cache.Loaded:N0})");
                log.Figure("peak managed heap while processing", Mb(_peakHeap) + " (sampled at each commit, garbage not yet collected included)");
                log.Figure("live heap at the end (after a full GC)", Mb(GC.GetTotalMemory(true)));
                var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                log.Figure("GC heap limit", limit > 0 && limit < long.MaxValue ? Mb(limit) : "none");

                // A clean stop: the task checkpoints what the changelog holds.
                task.Checkpoint(changelogTopic, changelogRecords, events);
            }
            finally
            {
                task.Dispose();
            }
        }

        var diskBytes = DirectoryBytes(stateDirectory);
        log.Figure("state directory on disk", Mb(diskBytes));

        // 2. Restart after the clean stop.
        Collect();
        var (restartSeconds, restartRestored) = Restart(input, local, work, "after a clean stop", expectCheckpoint: true);

        // 3. The restarted task is dropped without a checkpoint (a crash): the next start wipes the store and restores it all.
        Collect();
        var (crashSeconds, crashRestored) = Restart(input, local, work, "after a crash (no checkpoint)", expectCheckpoint: false);
        log.Figure("CRASH RESTORE records/s", string.Create(CultureInfo.InvariantCulture, $"{crashRestored / crashSeconds:N0} records/s ({crashRestored:N0} records in {crashSeconds:F1} s)"));
        log.Figure("restored after a clean stop", string.Create(CultureInfo.InvariantCulture, $"{restartRestored:N0} of {changelogRecords:N0} changelog records ({100.0 * restartRestored / changelogRecords:F3} %)"));

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"state: {options.Keys} keys, peak managed heap {_peakHeap / 1e6:F0} MB, disk {diskBytes / 1e6:F0} MB, restart {restartSeconds:F2} s (restored {restartRestored} records)"));
    }

    private (double Seconds, long Restored) Restart(TopicPartition input, LocalStateOptions local, string work, string what, bool expectCheckpoint)
    {
        var clock = Stopwatch.StartNew();
        var cpuBefore = ThreadCpuClock.Seconds();
        var task = NewTask(input, local);
        try
        {
            var from = task.LocalStateOffset(TopicNames.EngagementStateChangelog);
            if ((from is not null) != expectCheckpoint)
            {
                throw new InvalidOperationException($"Restart {what}: the store's checkpoint is {(from is null ? "missing" : "present")}.");
            }

            long restored = 0;
            foreach (var (key, value) in FileChangelog.Read(Path.Combine(work, "changelog.bin"), from ?? 0))
            {
                task.Restore(TopicNames.EngagementStateChangelog, key, value);
                if (++restored % 200_000 == 0)
                {
                    SampleHeap();
                }
            }

            task.LocalState!.Cache.Flush(NoOutput.Instance);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = ThreadCpuClock.Seconds() - cpuBefore;
            SampleHeap();
            // Every key answers after the restart (from memory or from disk), with its finished session.
            foreach (var i in new[] { 0, options.Keys / 2, options.Keys - 1 })
            {
                var key = new EngagementKey($"bench-user-{i}", $"video_{i % 500:D3}");
                if (!task.LocalState.Cache.TryGet(key, out var state) || !state.SessionClosed)
                {
                    throw new InvalidOperationException($"Restart {what}: {key} is missing or not finished.");
                }
            }

            log.Heading($"restart {what}");
            log.Figure("open and restore", string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s, {restored:N0} changelog records read"));
            log.Figure("restoring thread CPU", string.Create(CultureInfo.InvariantCulture, $"{cpu:F2} s{(restored > 0 ? $" ({cpu * 1e6 / restored:F2} µs per record, {restored / cpu:N0} records per CPU-second)" : "")}"));
            log.Figure("keys held in memory after", $"{task.KeyCount:N0}");
            log.Figure("peak managed heap so far", Mb(_peakHeap));
            return (seconds, restored);
        }
        finally
        {
            // No checkpoint: what the next start finds is what a crash leaves.
            task.Dispose();
        }
    }

    private static EngagementTask NewTask(TopicPartition input, LocalStateOptions local) =>
        new(input, EngagementOptions.Default, heatmapSalt: null, new VideoCatalog(), TimeProvider.System, localState: local);

    private void SampleHeap() => _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(forceFullCollection: false));

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long DirectoryBytes(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F0} MB");
}
