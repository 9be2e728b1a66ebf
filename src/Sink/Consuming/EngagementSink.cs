using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Observability;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// Copies the <c>engagement</c> topic into PostgreSQL. Its loop (<see cref="SinkConsumer{TBatch}"/>):
/// poll, batch, store (rows and the next offsets in one transaction), then optionally commit the
/// offsets to Kafka for lag monitoring. It resumes from the offsets stored in PostgreSQL, whatever
/// the consumer group says, so a batch is applied once even across crashes; replays are harmless
/// anyway because the higher row version wins. Reads read_committed: rows of aborted transactions
/// never arrive (Kafka filters them; so does the embedded cluster, through its isolating proxy).
/// </summary>
public sealed class EngagementSink : ISinkTarget<EngagementBatch>
{
    private readonly EngagementSinkOptions _options;
    private readonly SinkConsumer<EngagementBatch> _consumer;

    /// <summary>Creates a sink; nothing runs until <see cref="RunAsync"/>.</summary>
    public EngagementSink(
        KafkaClientSettings kafka,
        NpgsqlDataSource postgres,
        EngagementSinkOptions? options = null,
        ILogger<EngagementSink>? logger = null,
        TimeProvider? time = null,
        SinkMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(postgres);
        _options = options ?? new EngagementSinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchRows, 1);
        if (_options.MaxBatchIdle is { } idle)
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(options));
        var o = _options;
        var consuming = new SinkConsumerOptions(o.Topic, o.GroupId, o.ConsumerName, "engagement messages", o.MaxBatchDelay, o.CommitToKafka, o.RetryInitialDelay, o.RetryMaxDelay, o.SessionTimeout)
        {
            MaxBatchIdle = o.MaxBatchIdle,
        };
        _consumer = new SinkConsumer<EngagementBatch>(
            this, Statistics, kafka, postgres, consuming, logger ?? NullLogger<EngagementSink>.Instance, time ?? TimeProvider.System, metrics ?? new SinkMetrics());
    }

    /// <summary>Assigned its partitions and caught up to within <see cref="SinkConsumer{TBatch}.ReadyMaxLag"/> messages.</summary>
    public bool IsReady => _consumer.IsReady;

    /// <summary>What the sink has done so far.</summary>
    public EngagementSinkStatistics Statistics { get; } = new();

    /// <summary>
    /// Applies the schema, then consumes until <paramref name="ct"/> is cancelled; the batch in
    /// hand is stored once more on the way out. Blocks a thread while polling: run it on its own.
    /// One sink object runs one loop at a time.
    /// </summary>
    public Task RunAsync(CancellationToken ct) => _consumer.RunAsync(ct);

    internal ConsumerConfig ConsumerConfig() => _consumer.ConsumerConfig();

    SinkDeadLetter? ISinkTarget<EngagementBatch>.Add(EngagementBatch batch, ConsumeResult<byte[]?, byte[]?> message) =>
        EngagementMessage.AddTo(batch, message);

    bool ISinkTarget<EngagementBatch>.IsFull(EngagementBatch batch) => batch.Count >= _options.MaxBatchRows;

    Task<int> ISinkTarget<EngagementBatch>.WriteAsync(EngagementBatch batch, NpgsqlConnection connection, NpgsqlBatch statements, CancellationToken ct) =>
        EngagementRowWriter.WriteRowsAsync(batch, connection, statements, ct);

    Task ISinkTarget<EngagementBatch>.TendAsync(CancellationToken ct) => Task.CompletedTask;
}
