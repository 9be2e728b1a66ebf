using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Kafka.Clients;
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

    private readonly ISinkTarget<TBatch> _target;
    private readonly KafkaClientSettings _kafka;
    private readonly NpgsqlDataSource _postgres;
    private readonly SinkConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TBatch _batch = new();
    private CancellationToken _stopping;
    private bool _positionsUnknown;

    public SinkConsumer(ISinkTarget<TBatch> target, KafkaClientSettings kafka, NpgsqlDataSource postgres, SinkConsumerOptions options, ILogger logger, TimeProvider time)
    {
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
            await StoreOnceOnTheWayOutAsync().ConfigureAwait(false);
        }
        finally
        {
            _batch.Clear();
            consumer.UnsubscribeAndClose(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>read_committed, no auto-commit: the offsets that count are stored with the data.</summary>
    public ConsumerConfig ConsumerConfig() =>
        _kafka.Consumer(_options.GroupId, clientId: $"{_options.GroupId}-{_options.ConsumerName}", readCommitted: true, autoCommit: false);

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
                if (!_target.Add(_batch, result))
                    _target.DeadLettered();
                deadline ??= _time.GetUtcNow() + _options.MaxBatchDelay;
            }

            // Store when full or old enough.
            if (_batch.Count > 0 && (_target.IsFull(_batch) || _time.GetUtcNow() >= deadline))
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
        }
    }

    private async Task StoreOnceOnTheWayOutAsync()
    {
        if (_batch.Count == 0 || _positionsUnknown)
            return;
        try
        {
            await _target.WriteAsync(_batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            // Not stored, offsets included: the next run reads these messages again.
            _logger.LogWarning(e, "The last {Count} {Messages} were not stored before stopping", _batch.Count, _options.Messages);
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
        var delay = _options.RetryInitialDelay;
        while (true)
        {
            try
            {
                await _target.WriteAsync(batch, ct).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (RefusesData(e))
            {
                if (batch.Count > 1)
                {
                    _logger.LogWarning("PostgreSQL refused a batch of {Messages} ({SqlState}: {Message}); storing it message by message", _options.Messages, e.SqlState, e.MessageText);
                    foreach (var single in batch.OnePerMessage())
                        await StoreAsync(single, ct).ConfigureAwait(false);
                    return;
                }
                _logger.LogError("PostgreSQL refused one of the {Messages} ({SqlState}: {Message}); it goes to sink_dead_letters", _options.Messages, e.SqlState, e.MessageText);
                batch = batch.AsRejected($"{e.SqlState}: {e.MessageText}");
                _target.DeadLettered();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                _target.WriteFailed();
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
