using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using StreamAgg.Kafka.Admin;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Admin;

// The provisioner against clusters of its own: the embedded cluster answers metadata like any
// Kafka, so everything but the CreateTopics call itself runs here.
public sealed class KafkaTopicAdminTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TopicCatalog _catalog = TopicCatalog.Load();
    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task ProvisionAsync_DryRun_ReportsWhatItWouldDoAndCreatesNothing()
    {
        _cluster.CreateTopic(TopicNames.PlayerEvents, 8, 3);
        _cluster.CreateTopic(TopicNames.Engagement, 2, 3);
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(_cluster.BootstrapServers));

        var report = await admin.ProvisionAsync(_catalog, dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal(_catalog.Topics.Select(t => t.Name), report.Outcomes.Select(o => o.Topic.Name));
        Assert.Equal(TopicProvisioningAction.Exists, Outcome(report, TopicNames.PlayerEvents).Action);
        var mismatch = Outcome(report, TopicNames.Engagement);
        Assert.Equal(TopicProvisioningAction.ExistsWithOtherPartitionCount, mismatch.Action);
        Assert.Equal(2, mismatch.Partitions);
        Assert.Contains(report.Warnings, w => w.Contains($"'{TopicNames.Engagement}' has 2 partitions, the catalog says 8", StringComparison.Ordinal));
        var toCreate = report.Outcomes.Where(o => o.Action == TopicProvisioningAction.WouldCreate).ToList();
        Assert.Equal(_catalog.Topics.Count - 2, toCreate.Count);
        Assert.All(toCreate, o => Assert.Equal((o.Topic.Partitions, (short?)3), (o.Partitions, o.ReplicationFactor)));
        Assert.Equal(toCreate.Select(o => o.Topic.Name), report.Created);
        Assert.Equal([TopicNames.PlayerEvents, TopicNames.Engagement], report.Existing);
        Assert.Equal([TopicNames.Engagement, TopicNames.PlayerEvents], ExistingTopics());
    }

    [Fact]
    public async Task ProvisionAsync_DryRun_PrintsOneLinePerTopic()
    {
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(_cluster.BootstrapServers));

        var text = (await admin.ProvisionAsync(_catalog, dryRun: true)).ToString();

        Assert.StartsWith($"Dry run against {_cluster.BootstrapServers}: nothing is changed.", text, StringComparison.Ordinal);
        Assert.Contains(
            "would create     streamagg-engagement-state-changelog: 8 partitions, replication 3, cleanup.policy=compact, min.insync.replicas=2",
            text,
            StringComparison.Ordinal);
        Assert.Equal(_catalog.Topics.Count + 1, text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ProvisionAsync_SingleBroker_LowersReplicationAndMinInsyncReplicas()
    {
        using var single = EmbeddedKafkaCluster.Start(brokerCount: 1);
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(single.BootstrapServers));

        var report = await admin.ProvisionAsync(_catalog, dryRun: true);

        Assert.All(report.Outcomes, o =>
        {
            Assert.Equal((short?)1, o.ReplicationFactor);
            Assert.Equal("1", o.Configs![TopicSpec.MinInsyncReplicasConfig]);
            Assert.Contains("min.insync.replicas=1", o.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(_catalog.Topics.Count, report.Warnings.Count(w => w.Contains("replication lowered from 3 to 1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ProvisionAsync_EveryTopicExists_ChangesNothing()
    {
        _cluster.CreateTopics(_catalog);
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(_cluster.BootstrapServers));

        var report = await admin.ProvisionAsync(_catalog);

        Assert.False(report.DryRun);
        Assert.All(report.Outcomes, o => Assert.Equal(TopicProvisioningAction.Exists, o.Action));
        Assert.Empty(report.Created);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task ProvisionAsync_ClusterWithoutCreateTopics_ThrowsNamingTheCluster()
    {
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(_cluster.BootstrapServers), TimeSpan.FromSeconds(2));
        var spec = new TopicSpec("cannot-be-created", 1, 1, new Dictionary<string, string>());

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(() => admin.ProvisionAsync([spec]));

        Assert.StartsWith($"{_cluster.BootstrapServers}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionAsync_NothingListening_ThrowsKafkaUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        using var admin = new KafkaTopicAdmin(new KafkaClientSettings(address), TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<KafkaUnreachableException>(() => admin.ProvisionAsync(_catalog, dryRun: true));

        Assert.Equal(address, error.BootstrapServers);
    }

    private static TopicProvisioningOutcome Outcome(TopicProvisioningReport report, string topic) =>
        Assert.Single(report.Outcomes, o => o.Topic.Name == topic);

    private string[] ExistingTopics()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        return [.. admin.GetMetadata(Timeout).Topics.Select(t => t.Topic).Order(StringComparer.Ordinal)];
    }
}
