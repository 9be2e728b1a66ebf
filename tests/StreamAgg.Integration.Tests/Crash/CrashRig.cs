using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Integration.Tests.Sink;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Testing.Scenarios;
using StreamAgg.Wire;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// The pipeline under test as real OS processes: this test process owns the embedded Kafka
/// cluster and a fresh PostgreSQL schema, publishes a <see cref="CrashWorkload"/>, and runs
/// <c>streamagg process</c> and <c>streamagg sink</c> as children it can kill and restart.
/// Kill points are drawn from a seeded random; the seed is in every failure message
/// (set STREAMAGG_CRASH_SEED to replay one).
/// </summary>
internal sealed class CrashRig : IAsyncDisposable
{
    public const string ProcessorGroup = "streamagg-processor";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private static readonly string[] SinkConsumers = ["engagement-sink", "heatmap-sink"];

    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, CliProcess> _running = [];
    private readonly Dictionary<string, string[]> _arguments = [];
    private readonly List<CliProcess> _all = [];
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly IConsumer<byte[], byte[]> _probe;
    private readonly IConsumer<byte[], byte[]> _outputReader;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _published;
    private volatile Error? _publishError;

    private CrashRig(int seed, EmbeddedKafkaCluster cluster, SinkDatabase database, CrashWorkload workload, ITestOutputHelper output)
    {
        Seed = seed;
        Random = new Random(seed);
        Cluster = cluster;
        Settings = new KafkaClientSettings(cluster.BootstrapServers);
        Database = database;
        Workload = workload;
        _output = output;
        var publisher = Settings.Producer("crash-publisher");
        // A request in flight when a broker goes down may never be answered: give up on it (the
        // idempotent producer then retries it) well before librdkafka's 60 s default.
        publisher.SocketTimeoutMs = 10_000;
        publisher.RequestTimeoutMs = 10_000;
        _producer = new ProducerBuilder<byte[]?, byte[]>(publisher).Build();
        _probe = new ConsumerBuilder<byte[], byte[]>(Settings.Consumer(ProcessorGroup, clientId: "crash-probe")).Build();
        var outputReader = Settings.Consumer("crash-output-reader");
        outputReader.EnablePartitionEof = true;
        _outputReader = new ConsumerBuilder<byte[], byte[]>(outputReader).Build();
    }

    public int Seed { get; }

    public Random Random { get; }

    public EmbeddedKafkaCluster Cluster { get; }

    public KafkaClientSettings Settings { get; }

    public SinkDatabase Database { get; }

    public CrashWorkload Workload { get; }

    public int InputPartitions { get; } = Partitions(TopicNames.PlayerEvents);

    /// <summary>
    /// As a supervisor would: a child that exits on its own while the rig waits is started again
    /// (and logged) instead of failing the scenario.
    /// </summary>
    public bool RestartWhenExited { get; set; }

    /// <summary>Children started again because they exited on their own.</summary>
    public int Restarts { get; private set; }

    public static async Task<CrashRig> StartAsync(PostgresFixture postgres, int eventCount, ITestOutputHelper output)
    {
        var seed = Environment.GetEnvironmentVariable("STREAMAGG_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"crash seed {seed} (STREAMAGG_CRASH_SEED={seed} replays it)");
        var workload = CrashWorkload.Generate(seed, eventCount, Partitions(TopicNames.PlayerEvents));
        var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var database = await SinkDatabase.CreateAsync(postgres);
        var rig = new CrashRig(seed, cluster, database, workload, output);
        rig.PublishVideos();
        return rig;
    }

    /// <summary>
    /// Starts (or restarts) processor instance <paramref name="instanceId"/>; <paramref name="extra"/>
    /// are more options of <c>streamagg process</c> (say, <c>--state-dir</c>).
    /// </summary>
    public CliProcess StartProcessor(string instanceId, int sessionTimeoutMs = 4000, int transactionTimeoutMs = 10_000, params string[] extra) => Start($"processor-{instanceId}",
    [
        "process", "--bootstrap", Cluster.BootstrapServers, "--instance-id", instanceId,
        "--commit-interval-ms", "100", "--consumer-session-timeout-ms", sessionTimeoutMs.ToString(CultureInfo.InvariantCulture),
        "--transaction-timeout-ms", transactionTimeoutMs.ToString(CultureInfo.InvariantCulture), "--health-port", "0",
        .. extra,
    ]);

    /// <summary>Starts (or restarts) the sink (engagement and heatmap).</summary>
    public CliProcess StartSink() => Start("sink",
    [
        "sink", "--bootstrap", Cluster.BootstrapServers, "--postgres", Database.ConnectionString, "--consumer-session-timeout-ms", "4000", "--health-port", "0",
    ]);

    public CliProcess Running(string name) => _running[name];

    /// <summary>kill -9 of a running child.</summary>
    public void Kill(string name)
    {
        Log($"kill -9 {name}");
        _running[name].Kill();
        _running.Remove(name);
    }

    /// <summary>SIGTERM to a running child; waits for it to exit and returns its exit code.</summary>
    public async Task<int> TerminateAsync(string name)
    {
        Log($"SIGTERM {name}");
        var process = _running[name];
        process.Terminate();
        if (!await process.WaitForExitAsync(TimeSpan.FromSeconds(60)))
        {
            Fail($"{name} did not exit within 60 s of SIGTERM");
        }

        _running.Remove(name);
        Log($"{name} exited with code {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>The offsets a consumer group committed to Kafka for every partition of <paramref name="topic"/>.</summary>
    public Dictionary<int, long> GroupOffsets(string group, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(Settings.Consumer(group, clientId: $"crash-offsets-{group}")).Build();
        return consumer.Committed(Enumerable.Range(0, Partitions(topic)).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(30))
            .Where(c => c.Offset != Offset.Unset)
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>
    /// The newest input position each task wrote into the engagement state changelog (the
    /// runtime's records: a key starting with a 0 byte; a version byte, then a big-endian int64).
    /// </summary>
    public Dictionary<int, long> ChangelogPositions()
    {
        var positions = new Dictionary<int, long>();
        foreach (var record in ReadAll(TopicNames.EngagementStateChangelog))
        {
            if (record.Message.Key is [0, ..] && record.Message.Value is { Length: >= 9 } value)
            {
                positions[record.Partition.Value] = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(value.AsSpan(1));
            }
        }

        return positions;
    }

    /// <summary>Keys of the engagement topic that carry one version twice (a replay of processed input).</summary>
    public List<string> RepeatedRowVersions()
    {
        var seen = new HashSet<(string Key, long Version)>();
        var repeated = new List<string>();
        foreach (var record in ReadAll(TopicNames.Engagement))
        {
            var row = StreamAgg.Wire.EngagementRowJson.Read(record.Message.Value);
            if (!seen.Add(($"{row.UserId}/{row.VideoId}", row.Version)))
            {
                repeated.Add($"{row.UserId}/{row.VideoId} v{row.Version}");
            }
        }

        return repeated;
    }

    /// <summary>The offsets the sink stored in PostgreSQL, per (topic, partition).</summary>
    public Task<Dictionary<(string Topic, int Partition), long>> SinkPositionsAsync() => StoredPositionsAsync();

    /// <summary>Publishes the next <paramref name="count"/> events of the workload.</summary>
    public void PublishEvents(int count)
    {
        var end = Math.Min(Workload.Events.Count, _published + count);
        for (; _published < end; _published++)
        {
            var (key, value) = Workload.Events[_published];
            Produce(new TopicPartition(TopicNames.PlayerEvents, Partition.Any), key, value);
        }

        Flush();
        Log($"published {_published} of {Workload.Events.Count} events");
    }

    public bool AllEventsPublished => _published == Workload.Events.Count;

    /// <summary>Publishes the rest of the events, then the sentinels that close every session.</summary>
    public void PublishRestAndSentinels()
    {
        PublishEvents(Workload.Events.Count);
        foreach (var (partition, key, value) in Workload.Sentinels)
        {
            Produce(new TopicPartition(TopicNames.PlayerEvents, partition), key, value);
        }

        Flush();
        Log("published the sentinels");
    }

    /// <summary>
    /// Waits until the committed output grew by <paramref name="records"/> records from now, or
    /// the processors caught up with the input: a kill point inside the processing of what is
    /// in flight, defined by progress rather than by time.
    /// </summary>
    public async Task WaitForOutputProgressAsync(int records)
    {
        var start = EndOffsets(TopicNames.Engagement).Values.Sum();
        await UntilAsync(
            () => Task.FromResult(EndOffsets(TopicNames.Engagement).Values.Sum() >= start + records || ProcessorCaughtUp()),
            $"{records} more engagement records");
    }

    /// <summary>Waits until the processors committed every input record published so far.</summary>
    public Task WaitForProcessorsToCatchUpAsync() => UntilAsync(() => Task.FromResult(ProcessorCaughtUp()), "the processors to commit all published input");

    /// <summary>Waits until the sink stored <paramref name="messages"/> more messages from now, or caught up.</summary>
    public async Task WaitForSinkProgressAsync(int messages)
    {
        var start = (await StoredPositionsAsync()).Values.Sum();
        await UntilAsync(
            async () =>
            {
                var stored = await StoredPositionsAsync();
                return stored.Values.Sum() >= start + messages || SinkCaughtUp(stored);
            },
            $"{messages} more messages stored by the sink");
    }

    /// <summary>
    /// Waits until everything is drained: the processors' committed offsets are the input's end
    /// offsets, and the offsets the sink stored in PostgreSQL are the outputs' end offsets.
    /// </summary>
    public async Task DrainAsync()
    {
        await UntilAsync(async () => ProcessorCaughtUp() && SinkCaughtUp(await StoredPositionsAsync()), "the pipeline to drain");
        Log("drained");
    }

    /// <summary>Waits until <paramref name="condition"/> holds; a child that exits meanwhile fails the scenario (unless restarted).</summary>
    public Task WaitUntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    /// <summary>PostgreSQL's engagement rows and heatmap cells equal batch's for the same input.</summary>
    public async Task AssertMatchesBatchAsync()
    {
        var rows = await StoredRows.ReadAllAsync(Database.DataSource);
        var report = RowComparison.Report(Workload.ExpectedRows, rows);
        var heatmap = await StoredHeatmap.ReadLinesAsync(Database.DataSource);
        var missing = Workload.ExpectedHeatmap.Except(heatmap).Take(10).ToList();
        var unexpected = heatmap.Except(Workload.ExpectedHeatmap).Take(10).ToList();
        if (report.Length > 0 || missing.Count > 0 || unexpected.Count > 0 || heatmap.Count != Workload.ExpectedHeatmap.Count)
        {
            var lines = report.Split('\n');
            Fail($"""
                PostgreSQL differs from batch ({Workload.ExpectedRows.Count} expected rows, {rows.Count} stored; {lines.Length - 1} rows differ; {Workload.ExpectedHeatmap.Count} expected heatmap cells, {heatmap.Count} stored)
                {string.Join("\n", lines.Take(15))}
                heatmap cells missing (batch has them): {string.Join(" | ", missing)}
                heatmap cells unexpected (batch lacks them): {string.Join(" | ", unexpected)}
                """);
        }

        Log($"PostgreSQL equals batch: {rows.Count} rows, {heatmap.Count} heatmap cells");
    }

    /// <summary>Runs a scenario; any failure is reported with the seed and the children's last output.</summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e) when (e is not CrashScenarioException)
        {
            Fail(e.ToString());
        }
    }

    public void Log(string message) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:F1} s  {message}");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string message)
    {
        var logs = new StringBuilder();
        foreach (var process in _all)
        {
            logs.AppendLine(process.Tail(25));
        }

        throw new CrashScenarioException($"crash seed {Seed} (STREAMAGG_CRASH_SEED={Seed} replays it): {message}\nlast output of the children:\n{logs}");
    }

    private CliProcess Start(string name, string[] arguments)
    {
        Log($"start {name}");
        var process = CliProcess.Start(name, arguments);
        _running[name] = process;
        _arguments[name] = arguments;
        _all.Add(process);
        return process;
    }

    private void PublishVideos()
    {
        foreach (var (videoId, value) in Workload.Videos)
        {
            Produce(new TopicPartition(TopicNames.VideoMetadata, Partition.Any), Encoding.UTF8.GetBytes(videoId), value);
        }

        Flush();
    }

    private void Produce(TopicPartition partition, byte[] key, byte[] value)
    {
        while (true)
        {
            try
            {
                _producer.Produce(partition, new Message<byte[]?, byte[]> { Key = key, Value = value }, OnDelivered);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private void OnDelivered(DeliveryReport<byte[]?, byte[]> report)
    {
        // Only noted here: Confluent.Kafka swallows what a delivery handler throws (it goes to
        // the error handler, none here), so Flush checks it.
        if (report.Error.IsError)
        {
            _publishError ??= report.Error;
        }
    }

    private void Flush()
    {
        while (_producer.Flush(TimeSpan.FromSeconds(30)) > 0)
        {
            Log("publishing is slow; still flushing");
        }

        // The batch reference holds every event: one that did not reach Kafka (an injected
        // permanent produce error can hit this publisher as well as a processor) would make the
        // comparison fail for a reason that is not the pipeline's.
        if (_publishError is { } error)
        {
            throw new InvalidOperationException($"Publishing the workload failed: {error.Reason} ({error.Code})");
        }
    }

    private bool ProcessorCaughtUp()
    {
        var ends = EndOffsets(TopicNames.PlayerEvents);
        var committed = _probe.Committed(ends.Keys, TimeSpan.FromSeconds(30));
        return committed.All(c => ends[c.TopicPartition] == 0 || c.Offset.Value == ends[c.TopicPartition]);
    }

    // The sink stores the offset after the last record it wrote. A transactional output partition
    // ends with a transaction marker (librdkafka's brokers write them since 2.15, as Kafka does),
    // so its end offset can be one past that: a partition is caught up when no committed record
    // follows the stored offset.
    private bool SinkCaughtUp(Dictionary<(string Topic, int Partition), long> stored)
    {
        foreach (var topic in new[] { TopicNames.Engagement, TopicNames.HeatmapDeltas })
        {
            foreach (var (partition, end) in EndOffsets(topic))
            {
                var position = stored.GetValueOrDefault((topic, partition.Partition.Value));
                if (end > 0 && position != end && HasRecordsFrom(new TopicPartitionOffset(partition, position)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // True when a read_committed reader finds a record at or after the offset (or no answer in 10 s).
    private bool HasRecordsFrom(TopicPartitionOffset from)
    {
        _outputReader.Assign(from);
        try
        {
            return _outputReader.Consume(TimeSpan.FromSeconds(10)) is not { IsPartitionEOF: true };
        }
        finally
        {
            _outputReader.Unassign();
        }
    }

    private Dictionary<TopicPartition, long> EndOffsets(string topic) =>
        Enumerable.Range(0, Partitions(topic))
            .Select(p => new TopicPartition(topic, p))
            .ToDictionary(p => p, p => _probe.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(30)).High.Value);

    private async Task<Dictionary<(string Topic, int Partition), long>> StoredPositionsAsync()
    {
        await using var command = Database.DataSource.CreateCommand("SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer = ANY($1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string[]> { TypedValue = SinkConsumers });
        await using var reader = await command.ExecuteReaderAsync();
        var positions = new Dictionary<(string, int), long>();
        while (await reader.ReadAsync())
        {
            positions[(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }

        return positions;
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await Holds(condition))
        {
            foreach (var (name, process) in _running.Where(r => r.Value.HasExited).ToList())
            {
                if (!RestartWhenExited)
                {
                    Fail($"{name} exited with code {process.ExitCode} while waiting for {what}");
                }

                Log($"{name} exited with code {process.ExitCode}; restarting it\n{process.Tail(10)}");
                Restarts++;
                Start(name, _arguments[name]);
            }

            if (clock.Elapsed > Patience)
            {
                Fail($"still waiting for {what} after {Patience}");
            }

            await Task.Delay(50);
        }
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        var config = Settings.Consumer($"crash-reader-{Guid.NewGuid():N}", readCommitted: true);
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var partitions = EndOffsets(topic).Where(e => e.Value > 0).Select(e => e.Key).ToList();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var atEnd = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (atEnd.Count < partitions.Count && clock.Elapsed < Patience)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                }
                else
                {
                    records.Add(result);
                }
            }
        }

        consumer.Close();
        return records;
    }

    // The probes ask the cluster too: during a broker fault they may time out like any client.
    private static async Task<bool> Holds(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private static int Partitions(string topic) => TopicCatalog.Load().Topics.Single(t => t.Name == topic).Partitions;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _all)
        {
            process.Dispose();
        }

        _producer.Dispose();
        _probe.Dispose();
        _outputReader.Dispose();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
