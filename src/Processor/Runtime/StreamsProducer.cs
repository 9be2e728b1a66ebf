using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Processor.Observability;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Owns the processor's producer, and is the one border where Kafka client failures become the
/// runtime's own exceptions (as Kafka Streams' StreamsProducer does): a transaction that must be
/// aborted → <see cref="TaskCorruptedException"/>; a lost group generation →
/// <see cref="TaskMigratedException"/>; another instance with our transactional id, or a failure
/// no new producer can mend → <see cref="StreamsException"/>.
/// Everything above it can then reason in those three terms.
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
internal sealed class StreamsProducer : IRecordCollector, IDisposable
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(30);
    private const int MaxRetriableAttempts = 10;

    private readonly ProducerConfig _config;
    private readonly ILogger _logger;
    private readonly bool _exactlyOnce;
    private readonly Action<DeliveryReport<byte[]?, byte[]?>>? _onDelivered;
    private readonly ProcessorMetrics _metrics;
    private readonly LoopTimings _timings;
    private readonly FencingHistory _fencings;
    private readonly long _created = Stopwatch.GetTimestamp();
    // The flush path sends tens of thousands of records per commit: none of these is allocated
    // per record. The client keeps no reference to the message (only to a delivery handler's
    // copy of key and value, which DeliveryReportFields = none leaves out) once Produce returns.
    private readonly Message<byte[]?, byte[]?> _message = new();
    private readonly Dictionary<string, TopicPartition> _anyPartition = new(StringComparer.Ordinal);
    private readonly ExactLengthArrays _keys = new();
    private readonly ExactLengthArrays _values = new();
    private IProducer<byte[]?, byte[]?> _producer;
    private bool _inTransaction;
    private bool _sentSinceCommit;
    private bool _producerFailed;
    // When the oldest transaction the coordinator may still hold open began (a Stopwatch
    // timestamp; 0: none). Kept across a failed abort: that transaction is still open there.
    private long _openSince;
    // This producer's fencing, once seen and judged (it is reported by every call after it).
    private FenceCause? _fence;
    private bool _disposed;
    private Error? _firstDeliveryError;
    private Activity? _cycle;
    private byte[]? _traceParent;

    public StreamsProducer(ProcessorOptions options, ILogger logger, ProcessorMetrics metrics, LoopTimings? timings = null)
    {
        _timings = timings ?? new LoopTimings();
        _logger = logger;
        _metrics = metrics;
        _exactlyOnce = options.Guarantee == ProcessingGuarantee.ExactlyOnce;
        _fencings = new FencingHistory(options.TransactionTimeout);
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = $"{options.ApplicationId}-{options.InstanceId}-producer",
            Acks = Acks.All,
            EnableIdempotence = true,
            // Outputs are coalesced and sent in a burst at each commit, whose flush sends whatever
            // lingers at once: a longer linger costs no latency, and during the burst it makes
            // fewer, fuller batches: about half the CPU of the clients' I/O threads (docs/benchmarks.md,
            // "Processor throughput: where the stream thread waits").
            LingerMs = 50,
            CompressionType = CompressionType.Lz4,
            BatchNumMessages = 10_000,
            // Delivery reports are only read for their error: without this, the client copies
            // every delivered key, value and header back into new managed arrays.
            DeliveryReportFields = "none",
            // Exactly-once needs no per-record report: a record that fails makes the transaction
            // abortable and its commit fails, which Translate turns into TaskCorruptedException.
            // Without reports the client allocates and pins no handler per record.
            EnableDeliveryReports = !_exactlyOnce,
        };
        if (_exactlyOnce)
        {
            config.TransactionalId = TransactionalId(options);
            config.TransactionTimeoutMs = (int)options.TransactionTimeout.TotalMilliseconds;
            // librdkafka makes it the transaction timeout by default. A transaction whose records
            // keep failing (out-of-order sequence numbers after a produce request refused for
            // good) can only be aborted once they time out, and at the transaction timeout the
            // coordinator aborts it first and fences us: half leaves the abort its own time.
            config.MessageTimeoutMs = (int)(options.TransactionTimeout.TotalMilliseconds / 2);
        }

        _config = config;
        _onDelivered = _exactlyOnce ? null : OnDelivered;
        _producer = CreateProducer();
    }

    /// <summary>The transactional id of an instance: stable across its restarts, unique per instance.</summary>
    public static string TransactionalId(ProcessorOptions options) => $"{options.ApplicationId}-{options.InstanceId}";

    public void Send(string topic, byte[]? key, byte[]? value, Headers? headers = null) =>
        Send(AnyPartitionOf(topic), key, value, headers);

    public void Send(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Send(AnyPartitionOf(topic), _keys.CopyOf(key), _values.CopyOf(value));

    public void Send(TopicPartition partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        Send(partition, _keys.CopyOf(key), _values.CopyOf(value));

    public void Send(TopicPartition partition, byte[]? key, byte[]? value, Headers? headers = null)
    {
        BeginIfNeeded();
        if (_traceParent is not null)
        {
            headers ??= [];
            headers.Add(MessageHeaders.TraceParent, _traceParent);
        }

        _message.Key = key;
        _message.Value = value;
        _message.Headers = headers;
        while (true)
        {
            try
            {
                _producer.Produce(partition, _message, _onDelivered);
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

    private TopicPartition AnyPartitionOf(string topic)
    {
        if (!_anyPartition.TryGetValue(topic, out var partition))
        {
            partition = new TopicPartition(topic, Partition.Any);
            _anyPartition.Add(topic, partition);
        }

        return partition;
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
        EndCycle(ActivityStatusCode.Ok, partitions);
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
            EndCycle(ActivityStatusCode.Error, 0);
            ReplaceIfFailed();
            return;
        }

        _inTransaction = false;
        _metrics.Aborted(cause);
        _cycle?.SetTag("streamagg.abort.cause", AbortCauses.Name(cause));
        EndCycle(ActivityStatusCode.Error, 0);
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

    private void BeginIfNeeded()
    {
        if (!_sentSinceCommit)
        {
            _sentSinceCommit = true;
            BeginCycle();
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
            _openSince = started;
        }
    }

    /// <summary>
    /// The commit cycle's span starts with its first record and ends with its commit or abort.
    /// It is not made current: rebalances and restorations inside the cycle are traces of their own.
    /// </summary>
    private void BeginCycle()
    {
        if (_cycle is not null || !ProcessorTracing.Source.HasListeners())
        {
            return;
        }

        var parent = Activity.Current;
        _cycle = ProcessorTracing.Source.StartActivity("commit cycle", ActivityKind.Producer, parentContext: default);
        Activity.Current = parent;
        if (_cycle is { Id: { } id } && _cycle.IdFormat == ActivityIdFormat.W3C)
        {
            _traceParent = Encoding.ASCII.GetBytes(id);
        }
    }

    private void EndCycle(ActivityStatusCode status, int partitions)
    {
        if (_cycle is null)
        {
            return;
        }

        _cycle.SetTag("streamagg.commit.partitions", partitions);
        _cycle.SetStatus(status);
        _cycle.Dispose();
        _cycle = null;
        _traceParent = null;
    }

    private void OnDelivered(DeliveryReport<byte[]?, byte[]?> report)
    {
        // Exactly-once: a failed delivery fails the transaction's commit, which we translate.
        if (report.Error.IsError && _firstDeliveryError is null)
        {
            _firstDeliveryError = report.Error;
        }
    }

    private void Guard(Action action, string what)
    {
        try
        {
            action();
        }
        catch (KafkaException e)
        {
            throw Translate(e, what);
        }
    }

    /// <summary>
    /// For the calls librdkafka says to repeat when they fail retriably (a timeout during a broker
    /// outage): the request may still complete. Aborting instead would race a commit that goes
    /// through after all, and the restored state would then miss a transaction whose offsets the
    /// group already has: its input would be skipped.
    /// </summary>
    private void GuardRetrying(Action action, string what)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                action();
                return;
            }
            catch (KafkaRetriableException e) when (attempt < MaxRetriableAttempts)
            {
                _logger.LogWarning("Kafka has not finished {What} yet ({Reason}); asking again", what, e.Error.Reason);
            }
            catch (KafkaException e)
            {
                throw Translate(e, what);
            }
        }
    }

    private Exception Translate(KafkaException e, string what)
    {
        var error = e.Error;
        var message = $"Kafka failed {what}: {error.Reason} ({error.Code})";
        if (IsFencing(error, abortable: e is KafkaTxnRequiresAbortException))
        {
            return Fenced(message, e);
        }

        if (e is KafkaTxnRequiresAbortException)
        {
            return new TaskCorruptedException(message, e);
        }

        switch (error.Code)
        {
            case ErrorCode.UnknownMemberId:
            case ErrorCode.IllegalGeneration:
            case ErrorCode.RebalanceInProgress:
                return new TaskMigratedException(message, e);
        }

        if (IsFatal(error))
        {
            // Mended by the abort that follows: it replaces the producer.
            _producerFailed = true;
            return new TaskCorruptedException(message + "; the producer failed for good and will be replaced", e);
        }

        if (e is KafkaRetriableException || _exactlyOnce)
        {
            return new TaskCorruptedException(message, e);
        }

        return new StreamsException(message, e);
    }

    /// <summary>
    /// A fencing that the transaction timeout explains is mended like a producer that failed for
    /// good: a new producer, the tasks restored from their changelogs, the input replayed from where
    /// their state stands. Restoring the same tasks is enough, the group need not be rejoined (as
    /// Kafka Streams does on ProducerFenced, which it reads as TaskMigrated): our transactional id
    /// belongs to this instance, not to a task, so the fencing says only that our transaction was
    /// aborted, nothing about who owns the partitions. The group says that: a pause long enough to
    /// lose them too (past the session timeout) reaches the consumer as lost partitions at its next
    /// poll, and offsets sent to a transaction carry the group generation, so a commit for
    /// partitions no longer ours is refused rather than taken. Rejoining would cost every instance
    /// a rebalance for nothing. A fencing the timeout cannot explain is another process with our
    /// transactional id: a new producer would fence it in turn, forever, so the thread stops.
    /// </summary>
    private Exception Fenced(string message, KafkaException e)
    {
        var cause = JudgeFencing();
        var age = _openSince == 0 ? "no transaction open" : $"the transaction had been open {Stopwatch.GetElapsedTime(_openSince).TotalSeconds:F1} s";
        var timeout = $"the transaction timeout is {_config.TransactionTimeoutMs / 1000.0:F1} s";
        switch (cause)
        {
            case FenceCause.TransactionTimedOut:
                _producerFailed = true;
                return new TaskCorruptedException(
                    $"{message}; {age} and {timeout}, so the cluster aborted it: the producer will be replaced", e);
            case FenceCause.RepeatedFencing:
                return new StreamsException(
                    $"{message}; fenced {FencingHistory.MostWithinWindow} times within {_fencings.Window.TotalSeconds:F0} s. " +
                    "Another process uses the same transactional id, or transactions keep outliving the transaction timeout: " +
                    "every processor instance needs its own --instance-id.", e);
            default:
                return new StreamsException(
                    $"{message}; {age} and {timeout}, so no timeout fenced it. " +
                    "Another process uses the same transactional id: every processor instance needs its own --instance-id.", e);
        }
    }

    private FenceCause JudgeFencing()
    {
        if (_fence is { } known)
        {
            return known;
        }

        TimeSpan? age = _openSince == 0 ? null : Stopwatch.GetElapsedTime(_openSince);
        var cause = _fencings.Fenced(Stopwatch.GetElapsedTime(_created), age);
        _fence = cause;
        return cause;
    }

    /// <summary>
    /// librdkafka reports a fencing as fatal, except on AddOffsetsToTxn, where it first makes the
    /// transaction abortable (Local_Fenced): that is judged too, or the abort would forget how old
    /// the fenced transaction was. An abortable InvalidProducerEpoch is not a fencing but KIP-360's
    /// request for an epoch bump, which the abort performs.
    /// </summary>
    private static bool IsFencing(Error error, bool abortable = false) =>
        error.Code is ErrorCode.Local_Fenced or ErrorCode.ProducerFenced || (error.Code == ErrorCode.InvalidProducerEpoch && !abortable);

    // Fencing is a fatal error too, but it is judged apart (Fenced): a new producer mends it only
    // when the transaction timeout explains it.
    private static bool IsFatal(Error error) => error.IsFatal && !IsFencing(error);

    public void Dispose()
    {
        _disposed = true;
        Abort(AbortCause.Stopped);
        _producer.Dispose();
    }
}
