using StreamAgg.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;
using Xunit;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Integration.Tests.Kafka;

/// <summary>
/// One Kafka cluster per test collection, holding the catalog's topics: the cluster of
/// <c>STREAMAGG_KAFKA_BOOTSTRAP</c> when set (topics provisioned through the Admin API), a real
/// Apache Kafka in Docker when <c>STREAMAGG_TEST_KAFKA=testcontainers</c> (see
/// <see cref="KafkaContainerTarget"/>), else an embedded librdkafka mock cluster of 3 brokers. Tests that produce should take a fresh topic from
/// <see cref="CreateTopicAsync"/> and a fresh group id from <see cref="UniqueName"/>, so that they never
/// see each other's records. Use it with <c>[Collection(KafkaCollection.Name)]</c>, or as an
/// <c>ICollectionFixture</c> / <c>IClassFixture</c> of your own.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    private KafkaTarget? _target;
    private KafkaContainerTarget? _container;

    /// <summary>The target (embedded or external).</summary>
    public KafkaTarget Target => _target ?? throw new InvalidOperationException("The fixture has not been initialised.");

    /// <summary>Client settings for the cluster.</summary>
    public KafkaClientSettings Settings => Target.Settings;

    /// <summary>The topic catalog, all of whose topics exist on the cluster.</summary>
    public TopicCatalog Catalog => Target.Catalog;

    /// <summary>A name no other test uses: <paramref name="prefix"/> plus a random suffix.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a topic of its own for one test and returns its name.</summary>
    public async Task<string> CreateTopicAsync(string prefix, int partitions = 1)
    {
        var name = UniqueName(prefix);
        await Target.CreateTopicAsync(name, partitions);
        return name;
    }

    public async Task InitializeAsync()
    {
        if (KafkaContainerTarget.Requested)
        {
            _container = await KafkaContainerTarget.StartAsync(TopicCatalog.Load());
            _target = _container.Target;
            return;
        }

        _target = await KafkaTarget.FromEnvironmentAsync(TopicCatalog.Load());
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        else if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }
}
