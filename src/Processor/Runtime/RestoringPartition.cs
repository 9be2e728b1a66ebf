using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>One changelog partition being read: whose task it feeds, how far it is, when it ended.</summary>
internal sealed class RestoringPartition(int taskIndex, TopicPartition changelog, long end)
{
    public int TaskIndex { get; } = taskIndex;

    public TopicPartition Changelog { get; } = changelog;

    /// <summary>The end offset (high watermark) when the restoration began: progress only.</summary>
    public long End { get; } = end;

    public long Offset { get; set; } = -1;

    public long Count { get; set; }

    public bool Done { get; private set; }

    public double Seconds { get; private set; }

    public void Finish(TimeSpan elapsed)
    {
        Done = true;
        Seconds = elapsed.TotalSeconds;
    }
}
