using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Schema;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Merges the <c>heatmap-deltas</c> topic into <c>heatmap_daily</c> and <c>heatmap_monthly</c>.
/// Its loop: poll, batch (cells merged in memory), store (cells and the next offsets in one
/// transaction), expire old rows when due, then optionally commit the offsets to Kafka for lag
/// monitoring. It resumes from the offsets stored in PostgreSQL, whatever the consumer group
/// says, so a delta's plays are added exactly once even across crashes and restarts.
/// Reads read_committed: deltas of aborted processor transactions never arrive.
/// </summary>
public sealed class HeatmapSink
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly KafkaClientSettings _kafka;
    private readonly NpgsqlDataSource _postgres;
    private readonly HeatmapSinkOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HeatmapWriter _writer;
    private readonly HeatmapBatch _batch = new();
    private CancellationToken _stopping;
    private bool _positionsUnknown;
    private DateTimeOffset _nextExpiry;

    /// <summary>Creates a sink; nothing runs until <see cref="RunAsync"/>.</summary>
    public HeatmapSink(
        KafkaClientSettings kafka,
        NpgsqlDataSource postgres,
        HeatmapSinkOptions? options = null,
        ILogger<HeatmapSink>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(postgres);
        _kafka = kafka;
        _postgres = postgres;
        _options = options ?? new HeatmapSinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchCells, 1);
        _logger = logger ?? NullLogger<HeatmapSink>.Instance;
        _time = time ?? TimeProvider.System;
        _writer = new HeatmapWriter(postgres, _options.ConsumerName, _options.Retention, _time);
    }

    /// <summary>What the sink has done so far.</summary>
    public HeatmapSinkStatistics Statistics { get; } = new();

    /// <summary>
    /// Applies the schema, then consumes until <paramref name="ct"/> is cancelled; the batch in
    /// hand is stored once more on the way out. Blocks a thread while polling: run it on its own.
    /// One sink object runs one loop at a time.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _stopping = ct;
        _positionsUnknown = false;
        _nextExpiry = _time.GetUtcNow();
        try
        {
            await RetryAsync("apply the schema", () => EngagementSchema.ApplyAsync(_postgres, ct), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }

        using var consumer = BuildConsumer();
        consumer.Subscribe(_options.Topic);
        try
        {
            await ConsumeUntilStoppedAsync(consumer, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping while a store was waiting or running: the batch is still in hand.
        }

        try
        {
            await StoreOnceOnTheWayOutAsync().ConfigureAwait(false);
        }
        finally
        {
            _batch.Clear();
            // Unsubscribing first: librdkafka 2.0.2 can hang closing a cooperative consumer mid-rebalance.
            consumer.UnsubscribeAndClose(TimeSpan.FromSeconds(10));
        }
    }

    private async Task ConsumeUntilStoppedAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        DateTimeOffset? deadline = null;
        while (!ct.IsCancellationRequested)
        {
            // Poll.
            var wait = deadline is { } d ? Clamp(d - _time.GetUtcNow()) : PollInterval;
            var result = Consume(consumer, wait);
            if (result is { IsPartitionEOF: false })
            {
                if (!HeatmapMessage.AddTo(_batch, result))
                    Statistics.DeadLettered();
                deadline ??= _time.GetUtcNow() + _options.MaxBatchDelay;
            }

            // Store when full or old enough.
            if (_batch.Count > 0
                && (_batch.Count >= _options.MaxBatchMessages || _batch.CellCount >= _options.MaxBatchCells || _time.GetUtcNow() >= deadline))
            {
                await StoreAsync(_batch, ct).ConfigureAwait(false);
                CommitToKafka(consumer, _batch.Positions);
                _batch.Clear();
                deadline = null;
            }
            else if (_batch.Count == 0)
            {
                deadline = null;
            }

            // Expire.
            if (_time.GetUtcNow() >= _nextExpiry)
                await ExpireAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task ExpireAsync(CancellationToken ct)
    {
        try
        {
            var (daily, monthly) = await _writer.DeleteExpiredAsync(_options.Retention, ct).ConfigureAwait(false);
            Statistics.Expired(daily, monthly);
            _nextExpiry = _time.GetUtcNow() + _options.Retention.Interval;
            if (daily + monthly > 0)
                _logger.LogInformation("Deleted {Daily} daily and {Monthly} monthly heatmap rows past retention", daily, monthly);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            // Expired rows can wait; the data cannot.
            _nextExpiry = _time.GetUtcNow() + _options.RetryMaxDelay;
            _logger.LogWarning(e, "Deleting expired heatmap rows failed; trying again in {Delay}", _options.RetryMaxDelay);
        }
    }

    private async Task StoreOnceOnTheWayOutAsync()
    {
        if (_batch.Count == 0 || _positionsUnknown)
            return;
        try
        {
            var rows = await _writer.WriteAsync(_batch, CancellationToken.None).ConfigureAwait(false);
            Statistics.BatchStored(_batch, rows);
        }
        catch (NpgsqlException e)
        {
            // Not stored, offsets included: the next run reads these messages again.
            _logger.LogWarning(e, "The last {Count} heatmap deltas were not stored before stopping", _batch.Count);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan wait)
    {
        try
        {
            return consumer.Consume(wait);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.LogWarning(e, "Consuming {Topic} failed; polling again", _options.Topic);
            return null;
        }
    }

    /// <summary>
    /// Stores a batch, retrying transient failures with backoff: a failed transaction stored
    /// nothing, so trying the same batch again neither loses nor doubles anything. A batch that
    /// PostgreSQL refuses for its data is stored message by message, the refused ones as dead letters.
    /// </summary>
    private async Task StoreAsync(HeatmapBatch batch, CancellationToken ct)
    {
        var delay = _options.RetryInitialDelay;
        while (true)
        {
            try
            {
                var rows = await _writer.WriteAsync(batch, ct).ConfigureAwait(false);
                Statistics.BatchStored(batch, rows);
                return;
            }
            catch (PostgresException e) when (RefusesData(e))
            {
                if (batch.Count > 1)
                {
                    _logger.LogWarning("PostgreSQL refused a heatmap batch ({SqlState}: {Message}); storing it message by message", e.SqlState, e.MessageText);
                    foreach (var single in batch.OnePerMessage())
                        await StoreAsync(single, ct).ConfigureAwait(false);
                    return;
                }
                _logger.LogError("PostgreSQL refused a heatmap delta ({SqlState}: {Message}); it goes to sink_dead_letters", e.SqlState, e.MessageText);
                batch = batch.AsRejected($"{e.SqlState}: {e.MessageText}");
                Statistics.DeadLettered();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                Statistics.WriteFailed();
                _logger.LogWarning(e, "Storing {Count} heatmap deltas failed; retrying in {Delay}", batch.Count, delay);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
        }
    }

    // Data exceptions (22), integrity violations (23) and size limits (54) come from a message's
    // content: retrying the same message can never succeed.
    private static bool RefusesData(PostgresException e) =>
        e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || e.SqlState.StartsWith("23", StringComparison.Ordinal)
        || e.SqlState.StartsWith("54", StringComparison.Ordinal);

    private void CommitToKafka(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<SinkPosition> positions)
    {
        if (!_options.CommitToKafka || positions.Count == 0)
            return;
        try
        {
            consumer.Commit(positions.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.NextOffset)));
        }
        catch (KafkaException e)
        {
            // Only lag monitoring depends on it; the positions that matter are in PostgreSQL.
            _logger.LogDebug(e, "Committing offsets to the consumer group failed");
        }
    }

    /// <summary>read_committed, no auto-commit: the offsets that count are stored with the cells.</summary>
    internal ConsumerConfig ConsumerConfig() =>
        _kafka.Consumer(_options.GroupId, clientId: $"{_options.GroupId}-{_options.ConsumerName}", readCommitted: true, autoCommit: false);

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        return new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig())
            .SetPartitionsAssignedHandler((_, partitions) => StartPositions(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => Forget(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => Forget(partitions.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => _logger.LogWarning("Kafka: {Reason}", error.Reason))
            .Build();
    }

    /// <summary>Newly assigned partitions start at the offsets stored in PostgreSQL, or at the beginning.</summary>
    private List<TopicPartitionOffset> StartPositions(List<TopicPartition> partitions)
    {
        var stored = ReadPositionsWithRetry();
        return partitions
            .Select(p => new TopicPartitionOffset(p, stored is not null && stored.TryGetValue(p.Partition.Value, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
    }

    // Runs inside Kafka's rebalance callback, which cannot await.
    private IReadOnlyDictionary<int, long>? ReadPositionsWithRetry()
    {
        var delay = _options.RetryInitialDelay;
        while (true)
        {
            try
            {
                return _writer.ReadPositions(_options.Topic);
            }
            catch (NpgsqlException e) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Reading the stored heatmap offsets failed; retrying in {Delay}", delay);
                _stopping.WaitHandle.WaitOne(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
            catch (NpgsqlException)
            {
                // Stopping without knowing where to resume: read nothing more, store nothing more.
                _positionsUnknown = true;
                return null;
            }
        }
    }

    private void Forget(IEnumerable<TopicPartition> partitions) =>
        _batch.RemovePartitions(partitions.Select(p => (p.Topic, p.Partition.Value)));

    private async Task RetryAsync(string what, Func<Task> action, CancellationToken ct)
    {
        var delay = _options.RetryInitialDelay;
        while (true)
        {
            try
            {
                await action().ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException e) when (!ct.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Could not {What}; retrying in {Delay}", what, delay);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > PollInterval ? PollInterval : wait;
}
