using System.Diagnostics;
using Confluent.Kafka;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation;

// What a reader may see: the values it consumes until it reports the end of the partition at an
// offset of at least endOffset (for a read_committed reader, its last stable offset). The patience
// only stops a broken test from hanging.
internal static class VisibleRecords
{
    public static List<string> UntilEnd(IConsumer<string, string> reader, long endOffset)
    {
        var values = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < KafkaRecords.Patience)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(100)) is not { } result)
            {
                continue;
            }

            if (!result.IsPartitionEOF)
            {
                values.Add(result.Message.Value);
            }
            else if (result.Offset.Value >= endOffset)
            {
                return values;
            }
        }

        throw new TimeoutException($"the reader never reached offset {endOffset}; it saw [{string.Join(", ", values)}]");
    }
}
