using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAgg.Kafka.Clients;

/// <summary>
/// Leaving a consumer group without hanging. With cooperative-sticky assignment, librdkafka 2.0.2
/// can hang in Close (its main thread spinning) when an incremental assignment arrives while the
/// consumer closes (librdkafka issue 4527, fixed in 2.4): for example when another member leaves
/// at the same moment. Giving up every partition first, then closing, avoids the window.
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
