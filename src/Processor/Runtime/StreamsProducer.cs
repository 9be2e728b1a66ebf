using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Observability;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Owns the processor's producer and its transactions, and is the one border where Kafka client
/// failures become the runtime's own exceptions (as Kafka Streams' StreamsProducer does): a
/// transaction that must be aborted → <see cref="TaskCorruptedException"/>; a lost group
/// generation → <see cref="TaskMigratedException"/>; another instance with our transactional id,
/// or a failure no new producer can mend → <see cref="StreamsException"/>.
/// Everything above it can then reason in those three terms. The tasks' records reach it through
/// the <see cref="RecordCollector"/>.
/// </summary>
/// <remarks>
/// A producer that failed for good (librdkafka's fatal errors: for example the epoch bump it asks
/// for after a permanent produce error, which a broker older than 2.5 refuses) cannot abort or
/// begin anything again. That is a corrupted task, not the end: the abort that follows replaces
/// the producer with a new one of the same transactional id, whose InitTransactions aborts what
/// the old one left open and fences it, before the tasks restore from their changelogs.
/// A producer fenced because its transaction outlived the transaction timeout is mended the same
/// way; one fenced by another live process with our transactional id is not
/// (<see cref="FencingHistory"/> tells the two apart).
/// </remarks>
internal sealed partial class StreamsProducer : IDisposable
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);
    private const int MaxRetriableAttempts = 10;

    private readonly ProducerConfig _config;
    private readonly ILogger _logger;
    private readonly bool _exactlyOnce;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>>? _onDelivered;
    private readonly ProcessorMetrics _metrics;
    private readonly LoopTimings _timings;
    private readonly CommitCycleTracing _tracing;
    private readonly TimeProvider _time;
    private readonly FencingHistory _fencings;
    private IProducer<byte[]?, byte[]?> _producer;
    private bool _inTransaction;
    private bool _sentSinceCommit;
    private bool _producerFailed;
    // When the oldest transaction the coordinator may still hold open began (a timestamp of
    // _time; 0: none). Kept across a failed abort: that transaction is still open there.
    private long _openSince;
    // This producer's fencing, once seen and judged (it is reported by every call after it).
    private FenceCause? _fence;
    private bool _disposed;
    private Error? _firstDeliveryError;

    public StreamsProducer(
        ProcessorOptions options,
        ILogger logger,
        ProcessorMetrics metrics,
        TimeProvider time,
        CommitCycleTracing tracing,
        LoopTimings timings)
    {
        _timings = timings;
        _tracing = tracing;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _exactlyOnce = options.Guarantee == ProcessingGuarantee.ExactlyOnce;
        _fencings = new FencingHistory(options.TransactionTimeout, time);
        _config = ProducerConfigs.For(options);
        _onDelivered = _exactlyOnce ? null : OnDelivered;
        _producer = CreateProducer();
    }

    /// <summary>Opens the commit cycle with its first record, and under exactly-once its transaction.</summary>
    public void BeginIfNeeded()
    {
        if (!_sentSinceCommit)
        {
            _sentSinceCommit = true;
            _tracing.Begin();
        }

        if (!_exactlyOnce || _inTransaction)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        Guard(() => _producer.BeginTransaction(), "beginning a transaction");
        _timings.Add(LoopPhase.BeginTransaction, started);
        _inTransaction = true;
        if (_openSince == 0)
        {
            _openSince = _time.GetTimestamp();
        }
    }

    /// <summary>Hands one record to the client (which copies it), inside the open transaction.</summary>
    public void Produce(TopicPartition partition, Message<byte[]?, byte[]?> message)
    {
        while (true)
        {
            try
            {
                _producer.Produce(partition, message, _onDelivered);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let the producer deliver some batches, then try again.
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
            catch (KafkaException e)
            {
                throw Translate(e, "sending a record");
            }
        }
    }

    /// <summary>
    /// Exactly-once: commits the open transaction together with the consumed offsets.
    /// At-least-once: waits until every record sent so far is acknowledged; the caller then
    /// commits the offsets through the consumer.
    /// </summary>
    public void Commit(IReadOnlyCollection<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata)
    {
        var started = Stopwatch.GetTimestamp();
        if (!_exactlyOnce)
        {
            FlushAll();
            _timings.Add(LoopPhase.CommitTransaction, started);
            if (_sentSinceCommit || offsets.Count > 0)
            {
                Committed(started, offsets.Count);
            }

            return;
        }

        if (offsets.Count == 0 && !_inTransaction)
        {
            return;
        }

        BeginIfNeeded();
        var phase = Stopwatch.GetTimestamp();
        if (offsets.Count > 0)
        {
            GuardRetrying(() => _producer.SendOffsetsToTransaction(offsets, groupMetadata, OperationTimeout), "sending offsets to the transaction");
            phase = _timings.Add(LoopPhase.SendOffsets, phase);
        }

        // Timed apart from the EndTxn round trip: waiting for the cycle's records to be acknowledged.
        Guard(() => _producer.Flush(OperationTimeout), "delivering the transaction's records");
        phase = _timings.Add(LoopPhase.Acknowledge, phase);
        GuardRetrying(() => _producer.CommitTransaction(OperationTimeout), "committing the transaction");
        _timings.Add(LoopPhase.CommitTransaction, phase);
        _inTransaction = false;
        _openSince = 0;
        Committed(started, offsets.Count);
    }

    private void Committed(long started, int partitions)
    {
        _sentSinceCommit = false;
        _metrics.Committed(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _tracing.End(ActivityStatusCode.Ok, partitions);
    }

    /// <summary>
    /// Aborts the open transaction, if any; its records and offsets never become visible. A
    /// producer that failed for good, or was fenced because its transaction timed out, is
    /// replaced instead (its successor's InitTransactions aborts the transaction), so the caller
    /// can restore and carry on with a working one.
    /// </summary>
    public void Abort(AbortCause cause)
    {
        _sentSinceCommit = false;
        if (_fence is not null)
        {
            cause = AbortCause.Fenced;
        }

        if (!_exactlyOnce || !_inTransaction)
        {
            _tracing.End(ActivityStatusCode.Error, 0);
            ReplaceIfFailed();
            return;
        }

        _inTransaction = false;
        _metrics.Aborted(cause);
        _tracing.TagAbortCause(cause);
        _tracing.End(ActivityStatusCode.Error, 0);
        if (_fence is not null)
        {
            // A fenced producer cannot abort: the coordinator (at the timeout) or the newer
            // incarnation of our transactional id has aborted the transaction already.
            ReplaceIfFailed();
            return;
        }

        try
        {
            _producer.AbortTransaction(OperationTimeout);
            _openSince = 0;
        }
        catch (KafkaException e) when (IsFencing(e.Error, abortable: e is KafkaTxnRequiresAbortException))
        {
            // Judged as in Translate. A twin is left alone: the next call reports the fencing
            // again, and Translate stops the thread then.
            _logger.LogWarning("Aborting the transaction found the producer fenced: {Reason} ({Code})", e.Error.Reason, e.Error.Code);
            _producerFailed = JudgeFencing() == FenceCause.TransactionTimedOut;
        }
        catch (KafkaException e) when (IsFatal(e.Error))
        {
            _logger.LogWarning("Aborting the transaction failed for good: {Reason} ({Code})", e.Error.Reason, e.Error.Code);
            _producerFailed = true;
        }
        catch (KafkaException e)
        {
            // A failed abort leaves the transaction to the coordinator's timeout; the next
            // InitTransactions of this transactional id (a restart) aborts it too.
            _logger.LogWarning(e, "Aborting the transaction failed");
        }

        ReplaceIfFailed();
    }

    private void ReplaceIfFailed()
    {
        if (!_producerFailed || _disposed)
        {
            return;
        }

        _logger.LogWarning(
            _fence is null
                ? "The producer failed for good; replacing it with a new one of the same transactional id"
                : "The producer was fenced after its transaction timed out; replacing it with a new one of the same transactional id");
        // Its pending records can only fail now; their reports must not fail the new producer's first commit.
        _producer.Dispose();
        _firstDeliveryError = null;
        _producerFailed = false;
        _fence = null;
        // The new producer's InitTransactions aborts whatever the old one left open.
        _openSince = 0;
        _producer = CreateProducer();
    }

    private IProducer<byte[]?, byte[]?> CreateProducer()
    {
        var producer = new ProducerBuilder<byte[]?, byte[]?>(_config)
            .SetErrorHandler((_, error) => _logger.LogWarning("Kafka producer: {Reason} ({Code})", error.Reason, error.Code))
            .Build();
        for (var attempt = 1; _exactlyOnce; attempt++)
        {
            try
            {
                producer.InitTransactions(OperationTimeout);
                break;
            }
            catch (KafkaRetriableException e) when (attempt < MaxRetriableAttempts)
            {
                // Timed out in a broker outage: librdkafka lets it be called again.
                _logger.LogWarning("Kafka has not initialised transactions yet ({Reason}); asking again", e.Error.Reason);
            }
            catch (KafkaException e)
            {
                producer.Dispose();
                throw new StreamsException($"Kafka failed initialising transactions: {e.Error.Reason} ({e.Error.Code})", e);
            }
        }

        return producer;
    }

    private void FlushAll()
    {
        while (_producer.Flush(OperationTimeout) > 0)
        {
            _logger.LogWarning("Producer flush is slow; still waiting for acknowledgements");
        }

        if (_firstDeliveryError is { } error)
        {
            _firstDeliveryError = null;
            throw new TaskCorruptedException($"A record was not delivered: {error.Reason} ({error.Code})");
        }
    }

    private void OnDelivered(DeliveryReport<byte[]?, byte[]?> report)
    {
        // Exactly-once: a failed delivery fails the transaction's commit, which we translate.
        if (report.Error.IsError && _firstDeliveryError is null)
        {
            _firstDeliveryError = report.Error;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Abort(AbortCause.Stopped);
        _producer.Dispose();
    }
}
