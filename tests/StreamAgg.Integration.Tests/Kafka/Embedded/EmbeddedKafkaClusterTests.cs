using Confluent.Kafka;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded;

// Each test owns a cluster: these tests take brokers down and inject errors, which must not
// disturb tests sharing the KafkaFixture's cluster.
public sealed class EmbeddedKafkaClusterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly EmbeddedKafkaCluster _cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Start_WithCatalog_EveryTopicHasItsPartitionsAndReplicas()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(Timeout);

        Assert.Equal(3, metadata.Brokers.Count);
        Assert.All(TopicCatalog.Load().Topics, spec =>
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == spec.Name);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(spec.Partitions, topic.Partitions.Count);
            Assert.All(topic.Partitions, p => Assert.Equal(3, p.Replicas.Length));
        });
    }

    [Fact]
    public void Start_Default_BootstrapListsOneAddressPerBroker()
    {
        Assert.Equal(3, _cluster.BrokerCount);
        Assert.Equal(3, _cluster.BootstrapServers.Split(',').Length);
    }

    [Fact]
    public void Start_OneBroker_CapsTheCatalogsReplication()
    {
        using var single = EmbeddedKafkaCluster.Start(TopicCatalog.Load(), brokerCount: 1);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = single.BootstrapServers }).Build();

        var topic = Assert.Single(admin.GetMetadata(TopicNames.PlayerEvents, Timeout).Topics);

        Assert.Equal(8, topic.Partitions.Count);
        Assert.All(topic.Partitions, p => Assert.Equal([1], p.Replicas));
    }

    [Fact]
    public void CreateTopic_ExistingName_ThrowsTopicAlreadyExists()
    {
        var error = Assert.Throws<KafkaException>(() => _cluster.CreateTopic(TopicNames.PlayerEvents, 2, 1));

        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
    }

    [Fact]
    public void CreateTopic_MoreReplicasThanBrokers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _cluster.CreateTopic("too-many-replicas", 1, 4));
    }

    [Fact]
    public void SetBrokerDown_UnknownBroker_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _cluster.SetBrokerDown(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => _cluster.SetBrokerUp(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _cluster.SetRtt(-2, 10));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var cluster = EmbeddedKafkaCluster.Start();

        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("after-dispose", 1, 1));
        cluster.Dispose();
    }

    [Fact]
    public void Produce_FromAnotherClient_IsConsumedBack()
    {
        _cluster.CreateTopic("roundtrip", 2, 3);
        using var producer = KafkaRecords.Producer(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, Acks = Acks.All });
        for (var i = 0; i < 100; i++)
        {
            producer.Produce("roundtrip", new Message<string, string> { Key = $"k{i % 7}", Value = $"v{i}" });
        }

        Assert.Equal(0, producer.Flush(Timeout));
        using var consumer = KafkaRecords.Consumer(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "roundtrip",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        });
        consumer.Subscribe("roundtrip");

        var records = KafkaRecords.ConsumeAtLeast(consumer, 100);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"v{i}").Order(), records.Select(r => r.Message.Value).Order());
        // Same key, same partition, order kept.
        Assert.All(records.GroupBy(r => r.Message.Key), g => Assert.Single(g.Select(r => r.Partition.Value).Distinct()));
    }

    [Fact]
    public void SetBrokerDown_WhileProducingWithAcksAll_LosesNothingOnceUp()
    {
        const string topic = "broker-outage";
        _cluster.CreateTopic(topic, 2, 3);
        _cluster.SetPartitionLeader(topic, 0, 2);
        _cluster.SetPartitionLeader(topic, 1, 1);
        var delivered = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Error>();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            ReconnectBackoffMaxMs = 500,
        }).Build();
        void Produce(int partition, string value) =>
            producer.Produce(new TopicPartition(topic, partition), new Message<string, string> { Key = value, Value = value }, report =>
            {
                if (report.Error.IsError)
                {
                    failures.Enqueue(report.Error);
                }
                else
                {
                    delivered.AddOrUpdate(report.Message.Value, 1, (_, n) => n + 1);
                }
            });
        for (var i = 0; i < 200; i++)
        {
            Produce(i % 2, $"before-{i}");
        }

        Assert.Equal(0, producer.Flush(Timeout));

        _cluster.SetBrokerDown(2);
        for (var i = 0; i < 200; i++)
        {
            Produce(i % 2, $"during-{i}");
        }

        // The partition led by broker 1 keeps going; the one led by broker 2 waits.
        Assert.True(KafkaRecords.PollUntil(() => delivered.Keys.Count(k => k.StartsWith("during-", StringComparison.Ordinal)) == 100, () => producer.Poll(TimeSpan.FromMilliseconds(50))));
        Assert.Equal(300, delivered.Count);
        Assert.Equal(100, producer.Flush(TimeSpan.Zero));

        _cluster.SetBrokerUp(2);
        Assert.Equal(0, producer.Flush(Timeout));

        Assert.Empty(failures);
        Assert.Equal(400, delivered.Count);
        using var consumer = KafkaRecords.Consumer(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "broker-outage-check",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        });
        consumer.Subscribe(topic);
        var records = KafkaRecords.ConsumeAtLeast(consumer, 400);
        Assert.Equal(delivered.Keys.Order(StringComparer.Ordinal), records.Select(r => r.Message.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PushRequestErrors_PermanentProduceError_FailsTheDeliveryWithThatError()
    {
        _cluster.CreateTopic("injected-failure", 1, 3);
        using var producer = KafkaRecords.Producer(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers });
        // Metadata and connections first, so the injected error meets the ProduceRequest.
        await producer.ProduceAsync("injected-failure", new Message<string, string> { Key = "k", Value = "warm-up" });

        _cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("injected-failure", new Message<string, string> { Key = "k", Value = "v" }));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, error.Error.Code);
    }

    [Fact]
    public async Task PushRequestErrors_RetriableErrorsOnIdempotentProducer_DeliversEachRecordOnce()
    {
        _cluster.CreateTopic("injected-retries", 1, 3);
        using var producer = KafkaRecords.Producer(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
        });
        await producer.ProduceAsync("injected-retries", new Message<string, string> { Key = "k", Value = "v0" });

        _cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
        var report = await producer.ProduceAsync("injected-retries", new Message<string, string> { Key = "k", Value = "v1" });

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
        using var consumer = KafkaRecords.Consumer(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "injected-retries-check",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        });
        var partition = new TopicPartition("injected-retries", 0);
        Assert.Equal(2, consumer.QueryWatermarkOffsets(partition, Timeout).High.Value);
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        Assert.Equal(["v0", "v1"], KafkaRecords.ConsumeAtLeast(consumer, 2).Select(r => r.Message.Value));
    }

    [Fact]
    public async Task ClearRequestErrors_PendingErrors_AreForgotten()
    {
        _cluster.CreateTopic("cleared-errors", 1, 3);
        using var producer = KafkaRecords.Producer(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, MessageSendMaxRetries = 0 });
        await producer.ProduceAsync("cleared-errors", new Message<string, string> { Key = "k", Value = "warm-up" });

        _cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        _cluster.ClearRequestErrors(KafkaApiKey.Produce);
        var report = await producer.ProduceAsync("cleared-errors", new Message<string, string> { Key = "k", Value = "v" });

        Assert.Equal(PersistenceStatus.Persisted, report.Status);
    }
}
