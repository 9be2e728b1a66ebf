using Xunit;

namespace StreamAgg.Integration.Tests.Postgres;

/// <summary>The test collection that shares one <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>Use as <c>[Collection(PostgresCollection.Name)]</c>.</summary>
    public const string Name = "Postgres";
}
