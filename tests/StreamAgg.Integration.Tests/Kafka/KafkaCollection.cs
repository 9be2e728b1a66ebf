using Xunit;

namespace StreamAgg.Integration.Tests.Kafka;

/// <summary>The test collection sharing one <see cref="KafkaFixture"/>: <c>[Collection(KafkaCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Kafka";
}
