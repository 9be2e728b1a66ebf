using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation;

/// <summary>
/// An embedded cluster of its own (with its isolating proxy) for the isolation tests, and the
/// clients they use: house transactional producers, plain producers, and readers assigned to one
/// partition that report the end of what they may read (partition EOF), so a test can tell
/// "nothing more is visible" without waiting for time to pass.
/// </summary>
public sealed class IsolatedClusterFixture : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public IsolatedClusterFixture()
    {
        Cluster = EmbeddedKafkaCluster.Start();
        Settings = new KafkaClientSettings(Cluster.BootstrapServers);
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public KafkaClientSettings Settings { get; }

    public string CreateTopic(string prefix, int partitions = 1)
    {
        var name = KafkaFixture.UniqueName(prefix);
        Cluster.CreateTopic(name, partitions, 3);
        return name;
    }

    public IProducer<string, string> TransactionalProducer(string transactionalId, int? transactionTimeoutMs = null)
    {
        var config = Settings.TransactionalProducer("isolation-test", transactionalId);
        if (transactionTimeoutMs is { } timeout)
        {
            config.TransactionTimeoutMs = timeout;
        }

        var producer = KafkaRecords.Producer(config);
        producer.InitTransactions(Timeout);
        return producer;
    }

    public void ProducePlain(string topic, params string[] values)
    {
        using var producer = KafkaRecords.Producer(Settings.Producer("isolation-plain"));
        foreach (var value in values)
        {
            producer.Produce(new TopicPartition(topic, 0), new Message<string, string> { Key = "k", Value = value });
        }

        if (producer.Flush(Timeout) != 0)
        {
            throw new InvalidOperationException("plain records were not delivered");
        }
    }

    /// <summary>A reader of partition 0 from its beginning that reports partition EOF.</summary>
    public IConsumer<string, string> Reader(string topic, bool readCommitted = true)
    {
        var config = Settings.Consumer(KafkaFixture.UniqueName("isolation-reader"), readCommitted: readCommitted);
        config.EnablePartitionEof = true;
        var reader = KafkaRecords.Consumer(config);
        reader.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return reader;
    }

    public void Dispose() => Cluster.Dispose();
}
