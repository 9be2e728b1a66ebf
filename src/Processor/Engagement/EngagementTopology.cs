using Confluent.Kafka;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;
using StreamAgg.Processor.State;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Engagement;

/// <summary>
/// The processor's topology. Normally one sub-topology: player-events partition p → an
/// <see cref="EngagementTask"/>. With re-keying, two: player-events partition p → a
/// <see cref="RepartitionTask"/> that forwards each event keyed by userId to the repartition
/// topic; repartition partition p → an <see cref="EngagementTask"/>. Both run in the same thread
/// and the same transactions, so a forwarded event and the offset it came from commit together.
/// </summary>
internal sealed class EngagementTopology(ProcessorOptions options, VideoMetadataTable videos, TimeProvider time, ProcessorMetrics metrics) : IStreamTaskFactory
{
    private readonly LocalStateOptions? _localState = options.StateDirectory is { } directory
        ? new LocalStateOptions(directory, options.ApplicationId, options.InstanceId, new StateCacheBudget(options.StateCacheBytes))
        : null;

    public IReadOnlyList<string> InputTopics { get; } = InputTopicsFor(options);

    public static IReadOnlyList<string> InputTopicsFor(ProcessorOptions options) =>
        options.RekeyInput ? [TopicNames.PlayerEvents, TopicNames.Repartition] : [TopicNames.PlayerEvents];

    public IStreamTask Create(TopicPartition partition) =>
        options.RekeyInput && partition.Topic == TopicNames.PlayerEvents
            ? new RepartitionTask(partition)
            : new EngagementTask(partition, options.Engagement, options.HeatmapSalt, videos.Videos, time, metrics, options.MaxClockSkew, options.CloseIdleAfter, _localState);
}
