using Confluent.Kafka;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The events of one request on their way to Kafka: counts the delivery reports as the producer's
/// thread hands them over, and completes when the last one is in. One object and one delegate per
/// request, none per event.
/// </summary>
internal sealed class DeliveryBatch
{
    private readonly IngestProducer _producer;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at 1: the request's own hold, released by Seal once every event was handed over, so
    // the batch cannot complete while events are still being produced.
    private int _pending = 1;
    private int _delivered;
    private int _failed;

    public DeliveryBatch(IngestProducer producer)
    {
        _producer = producer;
        OnDelivery = Report;
    }

    /// <summary>The delivery handler to pass with each event of this request.</summary>
    public Action<DeliveryReport<byte[], byte[]>> OnDelivery { get; }

    /// <summary>Events Kafka acknowledged (written to every in-sync replica).</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>Events whose delivery failed or that could not be handed to the producer.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The last error a failed event reported, for the log.</summary>
    public Error? LastError { get; private set; }

    /// <summary>Completes when every handed-over event has its report and the batch is sealed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Called before an event is handed to the producer.</summary>
    public void Expect() => Interlocked.Increment(ref _pending);

    /// <summary>An event that was expected but could not be handed over.</summary>
    public void FailWithoutReport(Error error)
    {
        LastError = error;
        Interlocked.Increment(ref _failed);
        Done();
    }

    /// <summary>Every event has been handed over: completion now waits only for their reports.</summary>
    public void Seal() => Done();

    private void Report(DeliveryReport<byte[], byte[]> report)
    {
        // acks=all: Persisted means every in-sync replica has it. Anything else (an error, or
        // PossiblyPersisted after a timeout) is not an acknowledgement, whatever became of it.
        if (report.Error.IsError || report.Status != PersistenceStatus.Persisted)
        {
            LastError = report.Error;
            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }

        _producer.Release(1);
        Done();
    }

    private void Done()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _completion.TrySetResult();
        }
    }
}
