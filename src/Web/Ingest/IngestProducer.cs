using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Kafka.Clients;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The one Kafka producer every ingest request shares: idempotent, acks=all, with a delivery
/// timeout of <see cref="IngestOptions.ProduceTimeout"/>, and a bound on the events produced but
/// not yet acknowledged (<see cref="IngestOptions.MaxInFlightEvents"/>), so that a slow or absent
/// cluster makes ingest refuse work (503) instead of holding ever more of it in memory.
/// </summary>
/// <remarks>
/// An idempotent producer can hit a fatal error (the cluster lost acknowledged records, for
/// example); every event it still held then fails, and this class builds a new producer for the
/// requests that follow instead of refusing all of them for ever.
/// </remarks>
internal sealed partial class IngestProducer : IDisposable
{
    /// <summary>The producer's client.id.</summary>
    public const string ClientId = "streamagg-ingest";

    private static readonly TimeSpan FlushOnStop = TimeSpan.FromSeconds(10);

    private readonly ProducerConfig _config;
    private readonly string _topic;
    private readonly int _maxInFlight;
    private readonly ILogger _log;
    private readonly Lock _replacing = new();
    private IProducer<byte[], byte[]> _producer;
    private volatile bool _fatal;
    private int _inFlight;

    public IngestProducer(KafkaClientSettings kafka, IngestOptions options, ILogger<IngestProducer> log)
    {
        _topic = options.Topic;
        _maxInFlight = options.MaxInFlightEvents;
        _log = log;
        _config = kafka.Producer(ClientId);
        _config.MessageTimeoutMs = (int)options.ProduceTimeout.TotalMilliseconds;
        // The in-flight bound is ours; librdkafka's queue must never be the one that fills.
        _config.QueueBufferingMaxMessages = options.MaxInFlightEvents + options.MaxEventsPerRequest;
        _config.MessageMaxBytes = Math.Max(1_000_000, options.MaxBodyBytes + 4096);
        _config.BatchNumMessages = 10_000;
        // Reports only need their error: keys and values are not marshalled back.
        _config.DeliveryReportFields = "status";
        _producer = Build();
    }

    /// <summary>The current producer's handle, for an admin client that asks its brokers (readiness).</summary>
    public Handle Handle => Current().Handle;

    /// <summary>Events produced and not yet acknowledged or failed.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Reserves room for <paramref name="events"/>; false when the bound would be passed.</summary>
    public bool TryReserve(int events)
    {
        if (Interlocked.Add(ref _inFlight, events) <= _maxInFlight)
        {
            return true;
        }

        Interlocked.Add(ref _inFlight, -events);
        return false;
    }

    /// <summary>Gives back room reserved for events that got their report or were never produced.</summary>
    public void Release(int events) => Interlocked.Add(ref _inFlight, -events);

    /// <summary>
    /// Hands one event to the producer (its key and value are copied into librdkafka at once).
    /// Returns false, having failed it in <paramref name="batch"/>, when the producer refuses it.
    /// </summary>
    public bool Produce(DeliveryBatch batch, byte[] key, byte[] value, Headers headers)
    {
        batch.Expect();
        try
        {
            Current().Produce(_topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers }, batch.OnDelivery);
            return true;
        }
        catch (KafkaException e)
        {
            Release(1);
            batch.FailWithoutReport(e.Error);
            LogProduceRefused(e.Error.Code, e.Error.Reason);
            return false;
        }
    }

    public void Dispose()
    {
        // Requests still waiting get their reports (or their timeout) before the producer goes.
        int left = _producer.Flush(FlushOnStop);
        if (left > 0)
        {
            LogUnflushed(left);
        }

        _producer.Dispose();
    }

    private IProducer<byte[], byte[]> Current()
    {
        if (!_fatal)
        {
            return _producer;
        }

        lock (_replacing)
        {
            if (_fatal)
            {
                var broken = _producer;
                _producer = Build();
                _fatal = false;
                // Disposing waits for the broken producer's threads: not on a request's time.
                _ = Task.Run(broken.Dispose);
            }

            return _producer;
        }
    }

    private IProducer<byte[], byte[]> Build() =>
        new ProducerBuilder<byte[], byte[]>(_config)
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => LogClient(message.Level.ToString(), message.Message))
            .Build();

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            LogFatal(error.Code, error.Reason);
            _fatal = true;
        }
        else
        {
            // Transient (a broker down, a timeout): librdkafka retries; requests see it as 503s.
            LogTransient(error.Code, error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: the producer refused an event ({Code}: {Reason}); its request is answered 503")]
    private partial void LogProduceRefused(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "ingest: fatal producer error ({Code}: {Reason}); a new producer takes over")]
    private partial void LogFatal(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: Kafka: {Code}: {Reason}")]
    private partial void LogTransient(ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ingest: librdkafka {Level}: {Message}")]
    private partial void LogClient(string level, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: {Count} events were still unacknowledged when the producer stopped (their requests were not answered 202)")]
    private partial void LogUnflushed(int count);
}
