using Confluent.Kafka;
using StreamAgg.Contracts;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Engagement;

/// <summary>Builds an <see cref="EngagementTask"/> for each partition of the player events.</summary>
internal sealed class EngagementTopology(ProcessorOptions options, VideoMetadataTable videos, TimeProvider time) : IStreamTaskFactory
{
    public string InputTopic => TopicNames.PlayerEvents;

    public IStreamTask Create(TopicPartition partition) => new EngagementTask(partition, options.Engagement, options.HeatmapSalt, videos.Videos, time);
}
