using StreamAgg.Kafka;
using StreamAgg.Kafka.Admin;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;
using StreamAgg.Wire;
using Xunit;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Integration.Tests.Kafka;

public sealed class KafkaTargetTests
{
    private readonly TopicCatalog _catalog = TopicCatalog.Load();

    [Fact]
    public async Task StartEmbedded_Catalog_HostsItsTopics()
    {
        await using var target = KafkaTarget.StartEmbedded(_catalog);

        var metadata = await KafkaConnectivity.EnsureReachableAsync(target.Settings, TimeSpan.FromSeconds(30));

        Assert.True(target.IsEmbedded);
        Assert.True(target.HasTransactionalIsolation);
        Assert.Null(target.Provisioning);
        Assert.Equal(target.EmbeddedCluster!.BootstrapServers, target.Settings.BootstrapServers);
        Assert.Superset(
            _catalog.Topics.Select(t => t.Name).ToHashSet(),
            metadata.Topics.Select(t => t.Topic).ToHashSet());
    }

    [Fact]
    public async Task ConnectAsync_ClusterHoldingTheCatalog_ReportsEveryTopicExisting()
    {
        await using var hosting = KafkaTarget.StartEmbedded(_catalog);

        await using var target = await KafkaTarget.ConnectAsync(hosting.Settings.BootstrapServers, _catalog);

        Assert.False(target.IsEmbedded);
        Assert.Null(target.EmbeddedCluster);
        Assert.All(target.Provisioning!.Outcomes, o => Assert.Equal(TopicProvisioningAction.Exists, o.Action));
        Assert.Contains(KafkaTarget.BootstrapVariable, target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTopicAsync_Embedded_CreatesTheTopicWithItsPartitions()
    {
        await using var target = KafkaTarget.StartEmbedded(_catalog, brokerCount: 1);

        await target.CreateTopicAsync("extra", 5);

        var metadata = await KafkaConnectivity.EnsureReachableAsync(target.Settings, TimeSpan.FromSeconds(30));
        Assert.Equal(5, Assert.Single(metadata.Topics, t => t.Topic == "extra").Partitions.Count);
        Assert.Equal(8, Assert.Single(metadata.Topics, t => t.Topic == TopicNames.PlayerEvents).Partitions.Count);
    }
}
