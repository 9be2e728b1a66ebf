using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAgg.Processor.Runtime;

/// <summary>The border itself: Kafka client exceptions translated into the runtime's own.</summary>
internal sealed partial class StreamsProducer
{
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
        var age = _openSince == 0 ? "no transaction open" : $"the transaction had been open {_time.GetElapsedTime(_openSince).TotalSeconds:F1} s";
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

        var cause = _fencings.Fenced(_openSince == 0 ? null : _openSince);
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
}
