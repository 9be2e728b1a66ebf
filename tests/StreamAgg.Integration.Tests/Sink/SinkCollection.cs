using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Sink;

/// <summary>Sink tests that need both a PostgreSQL and a Kafka cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SinkCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<KafkaFixture>
{
    public const string Name = "Sink";
}
