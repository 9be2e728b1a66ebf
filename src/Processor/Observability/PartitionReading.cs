namespace StreamAgg.Processor.Observability;

/// <summary>One gauge value of one partition, with its prebuilt attributes (topic, partition).</summary>
internal readonly record struct PartitionReading(long Value, KeyValuePair<string, object?>[] Tags);
