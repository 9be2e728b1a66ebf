namespace StreamAgg.Sink.Observability;

/// <summary>One partition's lag, with its prebuilt attributes (sink, topic, partition).</summary>
internal readonly record struct LagReading(long Value, KeyValuePair<string, object?>[] Tags);
