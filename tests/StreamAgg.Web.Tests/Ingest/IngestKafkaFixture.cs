using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;

namespace StreamAgg.Web.Tests.Ingest;

/// <summary>
/// One Kafka cluster for the ingest tests (the embedded one, or STREAMAGG_KAFKA_BOOTSTRAP's); each
/// test produces to a topic of its own, so none sees another's records.
/// </summary>
public sealed class IngestKafkaFixture : IAsyncLifetime
{
    private KafkaTarget? _target;

    public KafkaTarget Target => _target ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public async Task<string> CreateTopicAsync(int partitions = 2)
    {
        var name = $"ingest-{Guid.NewGuid():N}";
        await Target.CreateTopicAsync(name, partitions);
        return name;
    }

    public async Task InitializeAsync() => _target = await KafkaTarget.FromEnvironmentAsync(TopicCatalog.Load());

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}
