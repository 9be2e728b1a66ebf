using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Sink.Observability;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Merges the <c>heatmap-deltas</c> topic into <c>heatmap_daily</c>, and folds the days into
/// <c>heatmap_monthly</c> beside it (<see cref="HeatmapMonthFolder"/>).
/// Its loop (<see cref="SinkConsumer{TBatch}"/>): poll, batch (cells merged in memory), store
/// (cells and the next offsets in one transaction), expire old rows when due, then optionally
/// commit the offsets to Kafka for lag monitoring. It resumes from the offsets stored in
/// PostgreSQL, whatever the consumer group says, so a delta's plays are added exactly once even
/// across crashes and restarts. Reads read_committed: deltas of aborted processor transactions never arrive.
/// </summary>
public sealed class HeatmapSink : ISinkTarget<HeatmapBatch>
{
    private readonly HeatmapSinkOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HeatmapWriter _writer;
    private readonly SinkConsumer<HeatmapBatch> _consumer;
    private readonly HeatmapWindowRefresher _windows;
    private readonly HeatmapMonthFolder _folder;
    private readonly HeatmapRollupBuilder _rollups;
    private DateTimeOffset _nextExpiry;

    /// <summary>Creates a sink; nothing runs until <see cref="RunAsync"/>.</summary>
    public HeatmapSink(
        KafkaClientSettings kafka,
        NpgsqlDataSource postgres,
        HeatmapSinkOptions? options = null,
        ILogger<HeatmapSink>? logger = null,
        TimeProvider? time = null,
        SinkMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(postgres);
        _options = options ?? new HeatmapSinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchCells, 1);
        _logger = logger ?? NullLogger<HeatmapSink>.Instance;
        _time = time ?? TimeProvider.System;
        _writer = new HeatmapWriter(postgres, _options.ConsumerName, _options.Retention, _time);
        var o = _options;
        var consuming = new SinkConsumerOptions(o.Topic, o.GroupId, o.ConsumerName, "heatmap deltas", o.MaxBatchDelay, o.CommitToKafka, o.RetryInitialDelay, o.RetryMaxDelay, o.SessionTimeout);
        _consumer = new SinkConsumer<HeatmapBatch>(this, Statistics, kafka, postgres, consuming, _logger, _time, metrics ?? new SinkMetrics());
        _windows = new HeatmapWindowRefresher(postgres, _options.WindowRefresh, _logger, _time);
        _folder = new HeatmapMonthFolder(postgres, _options.MonthlyFold, _logger, _time);
        _rollups = new HeatmapRollupBuilder(postgres, _options.Rollups, _options.Retention, _logger, _time);
    }

    /// <summary>Assigned its partitions and caught up to within <see cref="SinkConsumer{TBatch}.ReadyMaxLag"/> messages.</summary>
    public bool IsReady => _consumer.IsReady;

    /// <summary>What the sink has done so far.</summary>
    public HeatmapSinkStatistics Statistics { get; } = new();

    /// <summary>The refresher of the standard windows, running beside the consume loop (for its counters).</summary>
    public HeatmapWindowRefresher Windows => _windows;

    /// <summary>The folder of days into the monthly rollup, running beside the consume loop (for its counters).</summary>
    public HeatmapMonthFolder MonthFolder => _folder;

    /// <summary>The builder of the rollup blocks for any range, running beside the consume loop (for its counters).</summary>
    public HeatmapRollupBuilder Rollups => _rollups;

    /// <summary>
    /// Applies the schema, then starts the jobs beside the loop and consumes until
    /// <paramref name="ct"/> is cancelled; the batch in hand is stored once more on the way out. The coming days' partitions are created, and expired days dropped, at start and then every
    /// <see cref="HeatmapRetention.Interval"/>. The standard windows are refreshed, and the days
    /// folded into their months, and the rollup blocks rebuilt, beside the loop on tasks of their own, so neither holds up a merge. Blocks a thread while
    /// polling: run it on its own. One sink object runs one loop at a time.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // The schema first: the jobs beside the loop query its tables from their first round.
        if (!await _consumer.ApplySchemaAsync(ct).ConfigureAwait(false))
            return;
        _nextExpiry = _time.GetUtcNow();
        using var stopRefreshing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var refreshing = Task.Run(() => _windows.RunAsync(stopRefreshing.Token), CancellationToken.None);
        var folding = Task.Run(() => _folder.RunAsync(stopRefreshing.Token), CancellationToken.None);
        var rolling = Task.Run(() => _rollups.RunAsync(stopRefreshing.Token), CancellationToken.None);
        try
        {
            await _consumer.ConsumeAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await stopRefreshing.CancelAsync().ConfigureAwait(false);
            await refreshing.ConfigureAwait(false);
            await folding.ConfigureAwait(false);
            await rolling.ConfigureAwait(false);
        }
    }

    internal ConsumerConfig ConsumerConfig() => _consumer.ConsumerConfig();

    SinkDeadLetter? ISinkTarget<HeatmapBatch>.Add(HeatmapBatch batch, ConsumeResult<byte[]?, byte[]?> message) =>
        HeatmapMessage.AddTo(batch, message);

    bool ISinkTarget<HeatmapBatch>.IsFull(HeatmapBatch batch) =>
        batch.Count >= _options.MaxBatchMessages || batch.CellCount >= _options.MaxBatchCells;

    Task<int> ISinkTarget<HeatmapBatch>.WriteAsync(HeatmapBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct) =>
        _writer.WriteCellsAsync(batch, connection, statements, ct);

    async Task ISinkTarget<HeatmapBatch>.TendAsync(CancellationToken ct)
    {
        if (_time.GetUtcNow() >= _nextExpiry)
            await ExpireAsync(ct).ConfigureAwait(false);
    }

    private async Task ExpireAsync(CancellationToken ct)
    {
        try
        {
            // The coming days' partitions first: a merge must not wait for a missing one.
            await _writer.CreatePartitionsAheadAsync(ct).ConfigureAwait(false);
            var (daily, monthly) = await _writer.DeleteExpiredAsync(_options.Retention, ct).ConfigureAwait(false);
            Statistics.Expired(daily, monthly);
            _nextExpiry = _time.GetUtcNow() + _options.Retention.Interval;
            if (daily + monthly > 0)
                _logger.LogInformation("Dropped the day partitions of {Daily} daily and deleted {Monthly} monthly heatmap rows past retention", daily, monthly);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // Expired rows can wait; the data cannot (and a merge creates a missing partition itself).
            _nextExpiry = _time.GetUtcNow() + _options.RetryMaxDelay;
            _logger.LogWarning(e, "Creating heatmap partitions ahead or deleting expired rows failed; trying again in {Delay}", _options.RetryMaxDelay);
        }
    }
}
