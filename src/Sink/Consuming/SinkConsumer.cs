using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Observability;
using StreamAgg.Sink.Schema;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// The consume loop every sink runs: poll, add to the batch, store the batch when it is due (its
/// data, dead letters and next offsets in one PostgreSQL transaction), then commit the offsets to
/// Kafka for lag monitoring. It resumes from the offsets stored in PostgreSQL, whatever the
/// consumer group says, so a batch is applied once even across crashes and restarts. What a
/// message means and how a batch's data is written is the <see cref="ISinkTarget{TBatch}"/>'s business.
/// </summary>
/// <typeparam name="TBatch">The sink's batch.</typeparam>
internal sealed class SinkConsumer<TBatch>
    where TBatch : class, ISinkBatch<TBatch>, new()
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Readiness: at most this many messages behind, over all assigned partitions.</summary>
    public const long ReadyMaxLag = 10_000;

    private readonly ISinkTarget<TBatch> _target;
    private readonly ISinkStatistics<TBatch> _statistics;
    private readonly KafkaClientSettings _kafka;
    private readonly NpgsqlDataSource _postgres;
    private readonly SinkConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SinkRetry _schemaRetry;
    private readonly SinkRetry _storeRetry;
    private readonly SinkRetry _positionsRetry;
    private readonly SinkMetrics _metrics;
    private readonly SinkLagMonitor _lag;
    private readonly TagList _sinkTag;
    private readonly TagList _transientTags;
    private readonly TagList _refusedTags;
    private readonly BatchTraceLinks _links = new();
    private readonly TBatch _batch = new();
    private CancellationToken _stopping;
    private bool _positionsUnknown;
    private long _consumed;
    private volatile bool _assigned;

    public SinkConsumer(
        ISinkTarget<TBatch> target,
        ISinkStatistics<TBatch> statistics,
        KafkaClientSettings kafka,
        NpgsqlDataSource postgres,
        SinkConsumerOptions options,
        ILogger logger,
        TimeProvider time,
        SinkMetrics metrics)
    {
        _target = target;
        _statistics = statistics;
        _kafka = kafka;
        _postgres = postgres;
        _options = options;
        _logger = logger;
        _time = time;
        _schemaRetry = new SinkRetry(options.RetryInitialDelay, options.RetryMaxDelay, time, logger, e => e is NpgsqlException);
        _storeRetry = new SinkRetry(options.RetryInitialDelay, options.RetryMaxDelay, time, logger, StoreFailure.IsTransient, OnTransientFailure);
        _positionsRetry = new SinkRetry(options.RetryInitialDelay, options.RetryMaxDelay, time, logger, e => e is NpgsqlException);
        _metrics = metrics;
        _lag = new SinkLagMonitor(options.ConsumerName, metrics, time, ReadyMaxLag);
        _sinkTag = new TagList { { "sink", options.ConsumerName } };
        _transientTags = new TagList { { "sink", options.ConsumerName }, { "error.type", "transient" } };
        _refusedTags = new TagList { { "sink", options.ConsumerName }, { "error.type", "refused" } };
    }

    /// <summary>Partitions assigned (positions read from PostgreSQL) and at most <see cref="ReadyMaxLag"/> messages behind.</summary>
    public bool IsReady => _assigned && _lag.CaughtUp;

    /// <summary>
    /// Applies the schema, then consumes until <paramref name="ct"/> is cancelled; the batch in
    /// hand is stored once more on the way out. Blocks a thread while polling.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        if (await ApplySchemaAsync(ct).ConfigureAwait(false))
            await ConsumeAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Applies the schema, retrying while PostgreSQL is unreachable. Whatever else a sink runs
    /// against its tables (background refreshes, folds) must start only after this returned true.
    /// </summary>
    /// <returns>False when <paramref name="ct"/> was cancelled first.</returns>
    public async Task<bool> ApplySchemaAsync(CancellationToken ct)
    {
        try
        {
            await _schemaRetry.ExecuteAsync("apply the schema", token => EngagementSchema.ApplyAsync(_postgres, token), ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Consumes until <paramref name="ct"/> is cancelled, on a schema already applied; the batch
    /// in hand is stored once more on the way out. Blocks a thread while polling.
    /// </summary>
    public async Task ConsumeAsync(CancellationToken ct)
    {
        _stopping = ct;
        _positionsUnknown = false;
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
            // Committed to Kafka as after every store: a sink stopped gracefully leaves no lag behind.
            if (await StoreOnceOnTheWayOutAsync().ConfigureAwait(false))
                CommitToKafka(consumer, _batch.Positions);
        }
        finally
        {
            _batch.Clear();
            consumer.Close();
        }
    }

    /// <summary>read_committed, no auto-commit: the offsets that count are stored with the data.</summary>
    public ConsumerConfig ConsumerConfig() => SinkConsumerConfig.Create(_kafka, _options);

    private async Task ConsumeUntilStoppedAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        DateTimeOffset? due = null; // when the batch in hand is old enough to be stored
        while (!ct.IsCancellationRequested)
        {
            // Poll: with a batch in hand, no longer than until it is due, or than it may stay idle.
            var wait = due is { } d ? Clamp(d - _time.GetUtcNow()) : PollInterval;
            var idleLimited = _options.MaxBatchIdle is { } idleLimit && _batch.Count > 0 && idleLimit < wait;
            if (idleLimited)
                wait = _options.MaxBatchIdle!.Value;
            var result = Consume(consumer, wait);

            // Batch.
            if (result is { IsPartitionEOF: true })
                _lag.ReachedEnd(result.TopicPartition);
            else if (result is not null)
            {
                AddToBatch(result);
                due ??= _time.GetUtcNow() + _options.MaxBatchDelay;
            }

            // Store and commit: when full, old enough, or idle (nothing came within the idle
            // limit, so what there was to read is in the batch).
            var idle = idleLimited && result is null;
            if (_batch.Count > 0 && (idle || _target.IsFull(_batch) || _time.GetUtcNow() >= due))
            {
                await StoreAsync(_batch, ct).ConfigureAwait(false);
                CommitToKafka(consumer, _batch.Positions);
                _batch.Clear();
            }
            if (_batch.Count == 0)
                due = null;

            // Tend.
            await _target.TendAsync(ct).ConfigureAwait(false);
            _lag.PublishWhenDue(consumer);
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

    private void AddToBatch(ConsumeResult<byte[]?, byte[]?> message)
    {
        _consumed++;
        _links.Add(message.Message.Headers);
        if (_target.Add(_batch, message) is { } deadLetter)
        {
            _logger.LogWarning("{Topic}/{Partition}@{Offset} goes to sink_dead_letters ({Reason}): {Detail}", message.Topic, message.Partition.Value, message.Offset.Value, deadLetter.Reason, deadLetter.Detail);
            DeadLettered();
        }
    }

    /// <summary>
    /// Stores a batch, retrying transient failures with backoff: a failed transaction stored
    /// nothing, so trying the same batch again neither loses nor doubles anything.
    /// </summary>
    private async Task StoreAsync(TBatch batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = SinkTracing.Source.StartActivity(ActivityKind.Consumer, links: _links.Links, name: "sink batch");
        span?.SetTag("streamagg.sink", _options.ConsumerName);
        span?.SetTag("messaging.batch.message_count", batch.Count);
        var messages = batch.Count;
        var rows = await StoreWithRetriesAsync(batch, ct).ConfigureAwait(false);
        _metrics.BatchStored(in _sinkTag, messages, _consumed, rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
        _consumed = 0;
        _links.Clear();
    }

    /// <summary>
    /// A batch that PostgreSQL refuses for its data is stored again message by message, and a
    /// single refused message is stored as a dead letter instead.
    /// </summary>
    private async Task<int> StoreWithRetriesAsync(TBatch batch, CancellationToken ct)
    {
        try
        {
            return await _storeRetry.ExecuteAsync($"store {batch.Count} {_options.Messages}", token => StoreOnceAsync(batch, token), ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (StoreFailure.RefusesData(e))
        {
            if (batch.Count > 1)
            {
                _logger.LogWarning("PostgreSQL refused a batch of {Messages} ({SqlState}: {Message}); storing it message by message", _options.Messages, e.SqlState, e.MessageText);
                var rows = 0;
                foreach (var single in batch.OnePerMessage())
                    rows += await StoreWithRetriesAsync(single, ct).ConfigureAwait(false);
                return rows;
            }
            _logger.LogError("PostgreSQL refused one of the {Messages} ({SqlState}: {Message}); it goes to sink_dead_letters", _options.Messages, e.SqlState, e.MessageText);
            _metrics.Error(in _refusedTags);
            DeadLettered();
            return await StoreWithRetriesAsync(batch.AsRejected($"{e.SqlState}: {e.MessageText}"), ct).ConfigureAwait(false);
        }
    }

    /// <summary>One transaction: the target's data, then the dead letters and the next offsets, then the commit.</summary>
    private async Task<int> StoreOnceAsync(TBatch batch, CancellationToken ct)
    {
        var rows = await SinkTransaction.StoreAsync(_postgres, _options.ConsumerName, batch, _target.WriteAsync, ct).ConfigureAwait(false);
        _statistics.BatchStored(batch, rows);
        return rows;
    }

    private async Task<bool> StoreOnceOnTheWayOutAsync()
    {
        if (_batch.Count == 0 || _positionsUnknown)
            return false;
        try
        {
            await StoreOnceAsync(_batch, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException e)
        {
            // Not stored, offsets included: the next run reads these messages again.
            _logger.LogWarning(e, "The last {Count} {Messages} were not stored before stopping", _batch.Count, _options.Messages);
            return false;
        }
    }

    private void OnTransientFailure()
    {
        _statistics.WriteFailed();
        _metrics.Error(in _transientTags);
    }

    private void DeadLettered()
    {
        _statistics.DeadLettered();
        _metrics.DeadLettered(in _sinkTag);
    }

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
        _logger.LogInformation("Assigned {Partitions}", string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}")));
        var stored = ReadStoredPositions();
        _lag.Assigned(partitions);
        _assigned = true;
        return partitions
            .Select(p => new TopicPartitionOffset(p, stored is not null && stored.TryGetValue(p.Partition.Value, out var next) ? new Offset(next) : Offset.Beginning))
            .ToList();
    }

    // Runs inside Kafka's rebalance callback, which cannot await.
    private IReadOnlyDictionary<int, long>? ReadStoredPositions()
    {
        try
        {
            return _positionsRetry.Execute(
                $"read the stored offsets of {_options.Topic}",
                () => SinkOffsets.Read(_postgres, _options.ConsumerName, _options.Topic),
                _stopping);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // Stopping without knowing where to resume: read nothing more, store nothing more.
            _positionsUnknown = true;
            return null;
        }
    }

    /// <summary>Partitions taken away: their messages leave the batch; the new owner re-reads them from PostgreSQL's offsets.</summary>
    private void Forget(IEnumerable<TopicPartition> partitions) =>
        _batch.RemovePartitions(partitions.Select(p => (p.Topic, p.Partition.Value)));

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > PollInterval ? PollInterval : wait;
}
