using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAgg.Integration.Tests.Kafka;

// Waiting helpers for tests: poll until a condition holds. The limit only stops a broken test
// from hanging; no test asserts on how long anything took.
internal static class KafkaRecords
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Consumes until <paramref name="count"/> records have arrived (or the patience runs out) and returns them.</summary>
    public static List<ConsumeResult<TKey, TValue>> ConsumeAtLeast<TKey, TValue>(IConsumer<TKey, TValue> consumer, int count)
    {
        var results = new List<ConsumeResult<TKey, TValue>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < count && clock.Elapsed < Patience)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>Calls <paramref name="poll"/> until <paramref name="condition"/> holds; returns whether it did.</summary>
    public static bool PollUntil(Func<bool> condition, Action poll)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                return false;
            }

            poll();
        }

        return true;
    }

    public static IProducer<string, string> Producer(ProducerConfig config) =>
        new ProducerBuilder<string, string>(config).Build();

    public static IConsumer<string, string> Consumer(ConsumerConfig config) =>
        new ConsumerBuilder<string, string>(config).Build();
}
