using System.Reflection;
using StreamAgg.Kafka.Topics;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Topics;

public sealed class TopicCatalogTests
{
    private const string Source = "test-topics.yaml";

    private const string ValidYaml = """
        topics:
          - name: input
            partitions: 4
            replicationFactor: 3
            configs:
              cleanup.policy: delete
              min.insync.replicas: 2
          - name: input-changelog
            partitions: 4
            replicationFactor: 1
            coPartitionedWith: input
            configs:
              cleanup.policy: compact
        """;

    [Fact]
    public void Load_RepositoryCatalog_HasExactlyTheTopicNames()
    {
        var catalog = TopicCatalog.Load();

        var declared = typeof(TopicNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, catalog.Topics.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_NoExplicitPath_FindsTheRepositoryFile()
    {
        var catalog = TopicCatalog.Load();

        Assert.Equal(TopicCatalog.FileName, Path.GetFileName(catalog.Source));
        Assert.True(File.Exists(catalog.Source));
    }

    [Fact]
    public void Load_RepositoryCatalog_StateTopicsArePartitionedLikeTheInput()
    {
        var catalog = TopicCatalog.Load();
        var input = catalog[TopicNames.PlayerEvents].Partitions;

        Assert.Equal(8, input);
        Assert.Equal(input, catalog[TopicNames.Repartition].Partitions);
        Assert.Equal(input, catalog[TopicNames.EngagementStateChangelog].Partitions);
    }

    [Fact]
    public void Load_RepositoryCatalog_TablesAndChangelogsAreCompactedAndStreamsAreNot()
    {
        var catalog = TopicCatalog.Load();

        Assert.Equal(
            [TopicNames.Engagement, TopicNames.EngagementStateChangelog, TopicNames.VideoMetadata],
            catalog.Topics.Where(t => t.IsCompacted).Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_RepositoryCatalog_EveryTopicSurvivesOneBrokerLoss()
    {
        var catalog = TopicCatalog.Load();

        Assert.All(catalog.Topics, t =>
        {
            Assert.Equal(3, t.ReplicationFactor);
            Assert.Equal("2", t.Configs[TopicSpec.MinInsyncReplicasConfig]);
        });
    }

    [Fact]
    public void LoadEmbedded_Always_EqualsTheRepositoryFile()
    {
        var file = TopicCatalog.Load();
        var embedded = TopicCatalog.LoadEmbedded();

        Assert.StartsWith("embedded:", embedded.Source, StringComparison.Ordinal);
        Assert.Equal(Describe(file), Describe(embedded));
    }

    [Fact]
    public void Parse_ValidYaml_ExposesSpecsInFileOrder()
    {
        var catalog = TopicCatalog.Parse(ValidYaml, Source);

        Assert.Equal(["input", "input-changelog"], catalog.Topics.Select(t => t.Name));
        var input = catalog["input"];
        Assert.Equal(4, input.Partitions);
        Assert.Equal(3, input.ReplicationFactor);
        Assert.Equal("2", input.Configs["min.insync.replicas"]);
        Assert.Null(input.CoPartitionedWith);
        Assert.False(input.IsCompacted);
        Assert.Equal("input", catalog["input-changelog"].CoPartitionedWith);
        Assert.True(catalog["input-changelog"].IsCompacted);
    }

    [Fact]
    public void Indexer_UnknownTopic_ThrowsNamingTheKnownOnes()
    {
        var catalog = TopicCatalog.Parse(ValidYaml, Source);

        var error = Assert.Throws<KeyNotFoundException>(() => catalog["nope"]);
        Assert.Contains("input-changelog", error.Message, StringComparison.Ordinal);
        Assert.False(catalog.TryGet("nope", out _));
    }

    [Fact]
    public void LoadFile_ExplicitPath_ReadsThatFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"topics-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, ValidYaml);
        try
        {
            var catalog = TopicCatalog.Load(path);

            Assert.Equal(path, catalog.Source);
            Assert.Equal(2, catalog.Topics.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ErrorNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<TopicCatalogException>(() => TopicCatalog.LoadFile(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no `topics:` list")]
    [InlineData("topics: []", "no `topics:` list")]
    [InlineData("topics:\n  - name: a\n    replicationFactor: 1", "topic #1 'a': `partitions` is missing")]
    [InlineData("topics:\n  - partitions: 1\n    replicationFactor: 1", "topic #1: `name` is missing")]
    [InlineData("topics:\n  - name: a\n    partitions: 0\n    replicationFactor: 1", "`partitions` must be at least 1, found 0")]
    [InlineData("topics:\n  - name: a\n    partitions: 1", "`replicationFactor` is missing")]
    [InlineData("topics:\n  - name: a b\n    partitions: 1\n    replicationFactor: 1", "may only contain ASCII letters")]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n  - name: a\n    partitions: 1\n    replicationFactor: 1", "topic 'a' is listed 2 times")]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n    configs:\n      cleanup.policy: shred", "`cleanup.policy` must be delete, compact")]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n    configs:\n      min.insync.replicas: 2", "exceeds `replicationFactor`")]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n    configs:\n      retention.ms:", "config `retention.ms` has no value")]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicationFactor: 1\n    coPartitionedWith: b", "names 'b', which is not in the catalog")]
    [InlineData("topics:\n  - name: a\n    partitions: 2\n    replicationFactor: 1\n  - name: b\n    partitions: 3\n    replicationFactor: 1\n    coPartitionedWith: a", "'b' has 3 partitions but is co-partitioned with 'a', which has 2")]
    public void Parse_InvalidCatalog_ErrorNamesTheSourceAndTheProblem(string yaml, string problem)
    {
        var error = Assert.Throws<TopicCatalogException>(() => TopicCatalog.Parse(yaml, Source));

        Assert.StartsWith(Source + ": invalid topic catalog", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAll()
    {
        const string yaml = "topics:\n  - name: a\n    partitions: 0\n    replicationFactor: 1\n  - name: b\n    partitions: 1";

        var error = Assert.Throws<TopicCatalogException>(() => TopicCatalog.Parse(yaml, Source));

        Assert.Contains("(2 problems)", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic #1 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("topic #2 'b'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("topics:\n  - name: a\n    partitions: 1\n    replicas: 3", "(4,5)")]
    [InlineData("topics:\n  - name: a\n    partitions: eight", "(3,17)")]
    [InlineData("topics:\n  - name: [a", "(2,11)")]
    public void Parse_MalformedYaml_ErrorHasTheSourceLineAndColumn(string yaml, string position)
    {
        var error = Assert.Throws<TopicCatalogException>(() => TopicCatalog.Parse(yaml, Source));

        Assert.StartsWith(Source + position, error.Message, StringComparison.Ordinal);
    }

    private static string[] Describe(TopicCatalog catalog) =>
        [.. catalog.Topics.Select(t => $"{t.Name} {t.Partitions} {t.ReplicationFactor} {t.CoPartitionedWith} "
            + string.Join(",", t.Configs.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")))];
}
