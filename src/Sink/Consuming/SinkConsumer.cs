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
/// The consume loop every sink runs: poll, batch, store (the data and the next offsets in one
/// PostgreSQL transaction), tend, then optionally commit the offsets to Kafka for lag monitoring.
/// It resumes from the offsets stored in PostgreSQL, whatever the consumer group says, so a batch
/// is applied once even across crashes and restarts. What a message means and where a batch goes
/// is the <see cref="ISinkTarget{TBatch}"/>'s business.
/// </summary>
/// <typeparam name="TBatch">The sink's batch.</typeparam>
internal sealed class SinkConsumer<TBatch>
    where TBatch : class, ISinkBatch<TBatch>, new()
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LagEvery = TimeSpan.FromSeconds(1);

    /// <summary>Readiness: at most this many messages behind, over all assigned partitions.</summary>
    public const long ReadyMaxLag = 10_000;

    private readonly ISinkTarget<TBatch> _target;
    private readonly KafkaClientSettings _kafka;
    private readonly NpgsqlDataSource _postgres;
    private readonly SinkConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TBatch _batch = new();
    private readonly SinkMetrics _metrics;
    private readonly TagList _sinkTag;
    private readonly TagList _transientTags;
    private readonly TagList _refusedTags;
    private readonly BatchTraceLinks _links = new();
    private readonly Dictionary<TopicPartition, KeyValuePair<string, object?>[]> _partitionTags = [];
    private readonly HashSet<TopicPartition> _reachedEnd = [];
    private CancellationToken _stopping;
    private bool _positionsUnknown;
    private long _consumed;
    private volatile bool _assigned;
    private volatile bool _caughtUp;
    private DateTimeOffset _nextLag;

    public SinkConsumer(
        ISinkTarget<TBatch> target, KafkaClientSettings kafka, NpgsqlDataSource postgres, SinkConsumerOptions options, ILogger logger, TimeProvider time, SinkMetrics metrics)
    {
        _metrics = metrics;
        _sinkTag = new TagList { { "sink", options.ConsumerName } };
        _transientTags = new TagList { { "sink", options.ConsumerName }, { "error.type", "transient" } };
        _refusedTags = new TagList { { "sink", options.ConsumerName }, { "error.type", "refused" } };
        _target = target;
        _kafka = kafka;
        _postgres = postgres;
        _options = options;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Applies the schema, then consumes until <paramref name="ct"/> is cancelled; the batch in
    /// hand is stored once more on the way out. Blocks a thread while polling.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _stopping = ct;
        _positionsUnknown = false;
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
            // Committed to Kafka as after every store: a sink stopped gracefully leaves no lag behind.
            if (await StoreOnceOnTheWayOutAsync().ConfigureAwait(false))
                CommitToKafka(consumer, _batch.Positions);
        }
        finally
        {
            _batch.Clear();
            consumer.UnsubscribeAndClose(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Partitions assigned (positions read from PostgreSQL) and at most <see cref="ReadyMaxLag"/> messages behind.</summary>
    public bool IsReady => _assigned && _caughtUp;

    /// <summary>read_committed, no auto-commit: the offsets that count are stored with the data.</summary>
    public ConsumerConfig ConsumerConfig()
    {
        var config = _kafka.Consumer(_options.GroupId, clientId: $"{_options.GroupId}-{_options.ConsumerName}", readCommitted: true, autoCommit: false);
        // Reaching a partition's end once tells readiness that an idle partition is caught up.
        config.EnablePartitionEof = true;
        config.SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds;
        // librdkafka's 3 s default would leave a short session no room for a missed heartbeat.
        config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 5);
        return config;
    }

    private async Task ConsumeUntilStoppedAsync(IConsumer<byte[]?, byte[]?> consumer, CancellationToken ct)
    {
        DateTimeOffset? deadline = null;
        while (!ct.IsCancellationRequested)
        {
            // Poll: with a batch in hand, no longer than it may stay idle.
            var wait = deadline is { } d ? Clamp(d - _time.GetUtcNow()) : PollInterval;
            var idleLimit = _options.MaxBatchIdle is { } limit && _batch.Count > 0 && limit < wait;
            if (idleLimit)
                wait = _options.MaxBatchIdle!.Value;
            var result = Consume(consumer, wait);
            // Nothing came within the idle limit: what there was to read is in the batch.
            var idle = idleLimit && result is null;
            if (result is { IsPartitionEOF: true })
                _reachedEnd.Add(result.TopicPartition);
            else if (result is not null)
            {
                _consumed++;
                _links.Add(result.Message.Headers);
                if (!_target.Add(_batch, result))
                    DeadLettered();
                deadline ??= _time.GetUtcNow() + _options.MaxBatchDelay;
            }

            // Store when full, old enough, or idle.
            if (_batch.Count > 0 && (idle || _target.IsFull(_batch) || _time.GetUtcNow() >= deadline))
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

            // Tend.
            await _target.TendAsync(ct).ConfigureAwait(false);
            PublishLagWhenDue(consumer);
        }
    }

    /// <summary>
    /// Lag from the consumer's cached high watermarks and its positions, read on this thread (the
    /// only one that uses the consumer) and published as a snapshot for the gauge and readiness.
    /// </summary>
    private void PublishLagWhenDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = _time.GetUtcNow();
        if (now < _nextLag)
            return;
        _nextLag = now + LagEvery;
        var assignment = consumer.Assignment;
        var readings = new LagReading[assignment.Count];
        long total = 0;
        var known = 0;
        var allKnown = true;
        foreach (var partition in assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            long lag;
            if (high != Offset.Unset && position != Offset.Unset)
                lag = Math.Max(0, high.Value - position.Value);
            else if (_reachedEnd.Contains(partition))
                lag = 0;
            else
            {
                // Nothing consumed from it yet and its end not reached: unknown.
                allKnown = false;
                continue;
            }
            total += lag;
            readings[known++] = new LagReading(lag, TagsOf(partition));
        }

        _metrics.PublishLag(_options.ConsumerName, readings[..known]);
        _caughtUp = allKnown && total <= ReadyMaxLag;
    }

    private KeyValuePair<string, object?>[] TagsOf(TopicPartition partition)
    {
        if (!_partitionTags.TryGetValue(partition, out var tags))
        {
            tags = [new("sink", _options.ConsumerName), new("topic", partition.Topic), new("partition", partition.Partition.Value)];
            _partitionTags.Add(partition, tags);
        }

        return tags;
    }

    private void DeadLettered()
    {
        _target.DeadLettered();
        _metrics.DeadLettered(in _sinkTag);
    }

    private async Task<bool> StoreOnceOnTheWayOutAsync()
    {
        if (_batch.Count == 0 || _positionsUnknown)
            return false;
        try
        {
            await _target.WriteAsync(_batch, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException e)
        {
            // Not stored, offsets included: the next run reads these messages again.
            _logger.LogWarning(e, "The last {Count} {Messages} were not stored before stopping", _batch.Count, _options.Messages);
            return false;
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
    private async Task StoreAsync(TBatch batch, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = SinkTracing.Source.StartActivity(ActivityKind.Consumer, links: _links.Links, name: "sink batch");
        span?.SetTag("streamagg.sink", _options.ConsumerName);
        span?.SetTag("messaging.batch.message_count", batch.Count);
        var messages = batch.Count;
        var rows = await WriteWithRetriesAsync(batch, ct).ConfigureAwait(false);
        _metrics.BatchStored(in _sinkTag, messages, _consumed, rows, Stopwatch.GetElapsedTime(started).TotalSeconds);
        _consumed = 0;
        _links.Clear();
    }

    private async Task<int> WriteWithRetriesAsync(TBatch batch, CancellationToken ct)
    {
        var delay = _options.RetryInitialDelay;
        while (true)
        {
            try
            {
                return await _target.WriteAsync(batch, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (RefusesData(e))
            {
                if (batch.Count > 1)
                {
                    _logger.LogWarning("PostgreSQL refused a batch of {Messages} ({SqlState}: {Message}); storing it message by message", _options.Messages, e.SqlState, e.MessageText);
                    var rows = 0;
                    foreach (var single in batch.OnePerMessage())
                        rows += await WriteWithRetriesAsync(single, ct).ConfigureAwait(false);
                    return rows;
                }
                _logger.LogError("PostgreSQL refused one of the {Messages} ({SqlState}: {Message}); it goes to sink_dead_letters", _options.Messages, e.SqlState, e.MessageText);
                batch = batch.AsRejected($"{e.SqlState}: {e.MessageText}");
                _metrics.Error(in _refusedTags);
                DeadLettered();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                _target.WriteFailed();
                _metrics.Error(in _transientTags);
                _logger.LogWarning(e, "Storing {Count} {Messages} failed; retrying in {Delay}", batch.Count, _options.Messages, delay);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                delay = Backoff(delay);
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
        var stored = ReadPositionsWithRetry();
        _reachedEnd.ExceptWith(partitions);
        _assigned = true;
        _nextLag = DateTimeOffset.MinValue;
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
                return _target.ReadPositions(_options.Topic);
            }
            catch (NpgsqlException e) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Reading the stored offsets of {Topic} failed; retrying in {Delay}", _options.Topic, delay);
                _stopping.WaitHandle.WaitOne(delay);
                delay = Backoff(delay);
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
                delay = Backoff(delay);
            }
        }
    }

    private TimeSpan Backoff(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > PollInterval ? PollInterval : wait;
}
