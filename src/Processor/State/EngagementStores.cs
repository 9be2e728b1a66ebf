using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;

namespace StreamAgg.Processor.State;

/// <summary>
/// Where the engagement task's store stack is assembled, bottom up: the states in memory, then
/// the changelog. A later tier (a disk store under the in-memory one, metering) goes in here.
/// </summary>
internal static class EngagementStores
{
    public static IChangelogStore<EngagementKey, EngagementKeyState> Create(
        EngagementEngine engine,
        TopicPartition changelog,
        Utf8StringPool strings,
        IStoreFlushListener<EngagementKey, EngagementKeyState> listener) =>
        new ChangeLoggingEngagementStore(new InMemoryEngagementStore(engine), changelog, strings, listener);
}
