namespace StreamAgg.Sink.Writing;

/// <summary>Where a message came from: its topic, partition and offset.</summary>
public readonly record struct SinkSource(string Topic, int Partition, long Offset);
