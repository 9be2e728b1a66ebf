using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;

namespace StreamAgg.Processor.State;

/// <summary>
/// Where the engagement task's store stack is assembled, bottom up: the disk tier when the task
/// keeps local state (<see cref="EngagementLocalState"/>), the states in memory (bounded over the
/// disk tier, else all of them), then the changelog.
/// </summary>
internal static class EngagementStores
{
    public static IChangelogStore<EngagementKey, EngagementKeyState> Create(
        EngagementEngine engine,
        TopicPartition changelog,
        Utf8StringPool strings,
        IStoreFlushListener<EngagementKey, EngagementKeyState> listener,
        EngagementLocalState? local = null) =>
        new ChangeLoggingEngagementStore(
            local is null ? new InMemoryEngagementStore(engine) : local.Cache, changelog, strings, listener);
}
