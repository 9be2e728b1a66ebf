namespace StreamAgg.Sink.Writing;

/// <summary>The next offset to read in a partition, as stored in <c>sink_offsets</c>.</summary>
public readonly record struct SinkPosition(string Topic, int Partition, long NextOffset);
