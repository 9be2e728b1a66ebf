using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAgg.Kafka.Clients;

/// <summary>
/// Leaving a consumer group by giving up every partition first, then closing. This worked around
/// librdkafka before 2.4, which could hang in Close when an incremental assignment arrived while a
/// cooperative-sticky consumer closed (librdkafka issue 4527). The librdkafka StreamAgg loads now
/// (2.15+) has the fix and plain <c>Close()</c> is enough (the Kafka tests close racing members
/// that way); this stays only until the processor's stream thread and the sink's consumer, which
/// other work is restructuring, call <c>Close()</c> themselves. Then delete it.
/// </summary>
public static class ConsumerShutdown
{
    /// <summary>
    /// Unsubscribes, serves the revocation until nothing is assigned (or <paramref name="timeout"/>
    /// passes), then closes the consumer. Records consumed meanwhile are dropped without committing
    /// their offsets, so the next owner of the partitions reads them again.
    /// </summary>
    public static void UnsubscribeAndClose<TKey, TValue>(this IConsumer<TKey, TValue> consumer, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        consumer.Unsubscribe();
        var clock = Stopwatch.StartNew();
        while (consumer.Assignment.Count > 0 && clock.Elapsed < timeout)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(50));
        }

        consumer.Close();
    }
}
