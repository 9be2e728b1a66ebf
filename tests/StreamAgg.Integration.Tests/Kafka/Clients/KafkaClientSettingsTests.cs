using System.Collections.Concurrent;
using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Clients;

// The house client configs, driven against the collection's cluster (embedded, or the one of
// STREAMAGG_KAFKA_BOOTSTRAP): what the processor, sink and simulator rely on.
[Collection(KafkaCollection.Name)]
public sealed class KafkaClientSettingsTests(KafkaFixture kafka)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Constructor_BlankBootstrapServers_Throws()
    {
        Assert.Throws<ArgumentException>(() => new KafkaClientSettings(" "));
    }

    [Fact]
    public async Task Producer_LingeringLz4Batches_AreConsumedBackInKeyOrder()
    {
        var topic = await kafka.CreateTopicAsync("settings-roundtrip", partitions: 4);
        using (var producer = KafkaRecords.Producer(kafka.Settings.Producer("test-producer")))
        {
            for (var i = 0; i < 1000; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"user-{i % 10}", Value = $"{i % 10}:{i}" });
            }

            Assert.Equal(0, producer.Flush(Timeout));
        }

        using var consumer = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("settings-roundtrip")));
        consumer.Subscribe(topic);
        var records = KafkaRecords.ConsumeAtLeast(consumer, 1000);

        Assert.Equal(1000, records.Count);
        Assert.All(records.GroupBy(r => r.Message.Key), user =>
        {
            var sequence = user.Select(r => int.Parse(r.Message.Value.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        });
    }

    [Fact]
    public async Task Consumer_SecondGroupMember_TakesOverHalfThePartitionsIncrementally()
    {
        var topic = await kafka.CreateTopicAsync("settings-group", partitions: 4);
        var group = KafkaFixture.UniqueName("settings-group");
        var revokedFromFirst = new ConcurrentBag<TopicPartition>();
        using var first = new ConsumerBuilder<string, string>(FastRebalancing(kafka.Settings.Consumer(group, "first")))
            .SetPartitionsRevokedHandler((_, revoked) => revoked.ForEach(p => revokedFromFirst.Add(p.TopicPartition)))
            .Build();
        using var second = KafkaRecords.Consumer(FastRebalancing(kafka.Settings.Consumer(group, "second")));
        first.Subscribe(topic);
        Assert.True(KafkaRecords.PollUntil(() => first.Assignment.Count == 4, () => first.Consume(TimeSpan.FromMilliseconds(100))));

        second.Subscribe(topic);
        Assert.True(KafkaRecords.PollUntil(
            () => first.Assignment.Count == 2 && second.Assignment.Count == 2,
            () =>
            {
                first.Consume(TimeSpan.FromMilliseconds(50));
                second.Consume(TimeSpan.FromMilliseconds(50));
            }));

        Assert.Equal(
            Enumerable.Range(0, 4),
            first.Assignment.Concat(second.Assignment).Select(p => p.Partition.Value).Order());
        // Cooperative: the first member gave up only what moved, and kept the rest throughout.
        Assert.Equal(
            second.Assignment.Select(p => p.Partition.Value).Order(),
            revokedFromFirst.Select(p => p.Partition.Value).Order());

        // Closing both right away races the rebalance the first departure starts: librdkafka
        // before 2.4 could hang in Close here (its issue 4527); this pins that it no longer does.
        second.Close();
        first.Close();
    }

    [Fact]
    public async Task TransactionalProducer_CommittedTransactions_ReachReadCommittedReaders()
    {
        var topic = await kafka.CreateTopicAsync("settings-transactions", partitions: 2);
        using (var producer = KafkaRecords.Producer(kafka.Settings.TransactionalProducer("test-tx", KafkaFixture.UniqueName("tx"))))
        {
            producer.InitTransactions(Timeout);
            ProduceInTransaction(producer, topic, "first", commit: true);
            ProduceInTransaction(producer, topic, "second", commit: true);
        }

        using var reader = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("read-committed")));
        reader.Subscribe(topic);

        var values = KafkaRecords.ConsumeAtLeast(reader, 20).Select(r => r.Message.Value).Order(StringComparer.Ordinal);

        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"first-{i}").Concat(Enumerable.Range(0, 10).Select(i => $"second-{i}")).Order(StringComparer.Ordinal),
            values);
    }

    [Fact]
    public async Task TransactionalProducer_AbortedTransaction_IsHiddenFromReadCommittedReaders()
    {
        var topic = await kafka.CreateTopicAsync("settings-abort", partitions: 2);
        using (var producer = KafkaRecords.Producer(kafka.Settings.TransactionalProducer("test-abort", KafkaFixture.UniqueName("abort"))))
        {
            producer.InitTransactions(Timeout);
            ProduceInTransaction(producer, topic, "committed-a", commit: true);
            ProduceInTransaction(producer, topic, "aborted", commit: false);
            ProduceInTransaction(producer, topic, "committed-b", commit: true);
        }

        using var committedReader = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("read-committed")));
        using var uncommittedReader = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("read-uncommitted"), readCommitted: false));
        committedReader.Subscribe(topic);
        uncommittedReader.Subscribe(topic);
        var committed = KafkaRecords.ConsumeAtLeast(committedReader, 20).Select(r => r.Message.Value).ToList();
        var everything = KafkaRecords.ConsumeAtLeast(uncommittedReader, 30).Select(r => r.Message.Value).ToList();

        static int Aborted(List<string> values) => values.Count(v => v.StartsWith("aborted", StringComparison.Ordinal));
        Assert.Equal(10, Aborted(everything));
        Assert.Equal(20, committed.Count);
        Assert.Equal(0, Aborted(committed));
    }

    [Fact]
    public async Task TransactionalProducer_SendOffsetsToTransaction_CommitsTheGroupsOffsets()
    {
        var input = await kafka.CreateTopicAsync("settings-eos-in", partitions: 1);
        var output = await kafka.CreateTopicAsync("settings-eos-out", partitions: 1);
        var group = KafkaFixture.UniqueName("settings-eos");
        using (var seed = KafkaRecords.Producer(kafka.Settings.Producer("seed")))
        {
            for (var i = 0; i < 5; i++)
            {
                seed.Produce(input, new Message<string, string> { Key = "k", Value = $"in-{i}" });
            }

            Assert.Equal(0, seed.Flush(Timeout));
        }

        using var consumer = KafkaRecords.Consumer(kafka.Settings.Consumer(group));
        using var producer = KafkaRecords.Producer(kafka.Settings.TransactionalProducer("eos", KafkaFixture.UniqueName("eos")));
        producer.InitTransactions(Timeout);
        consumer.Subscribe(input);
        var consumed = KafkaRecords.ConsumeAtLeast(consumer, 5);
        Assert.Equal(5, consumed.Count);

        producer.BeginTransaction();
        foreach (var record in consumed)
        {
            producer.Produce(output, new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value.Replace("in-", "out-", StringComparison.Ordinal) });
        }

        producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 0, consumed[^1].Offset + 1)], consumer.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);

        var committed = Assert.Single(consumer.Committed([new TopicPartition(input, 0)], Timeout));
        Assert.Equal(5, committed.Offset.Value);
        using var reader = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("eos-reader")));
        reader.Subscribe(output);
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"out-{i}"),
            KafkaRecords.ConsumeAtLeast(reader, 5).Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Consumer_Commit_StoresTheGroupsOffset()
    {
        var topic = await kafka.CreateTopicAsync("settings-commit", partitions: 1);
        using (var seed = KafkaRecords.Producer(kafka.Settings.Producer("seed")))
        {
            await seed.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" });
        }

        using var consumer = KafkaRecords.Consumer(kafka.Settings.Consumer(KafkaFixture.UniqueName("settings-commit")));
        consumer.Subscribe(topic);
        var record = Assert.Single(KafkaRecords.ConsumeAtLeast(consumer, 1));

        consumer.Commit(record);

        Assert.Equal(1, Assert.Single(consumer.Committed([new TopicPartition(topic, 0)], Timeout)).Offset.Value);
    }

    [Fact]
    public async Task TransactionalProducer_SameTransactionalIdStartsAgain_FencesTheOlder()
    {
        var topic = await kafka.CreateTopicAsync("settings-fence", partitions: 1);
        var transactionalId = KafkaFixture.UniqueName("fence");
        using var zombie = KafkaRecords.Producer(kafka.Settings.TransactionalProducer("zombie", transactionalId));
        zombie.InitTransactions(Timeout);
        zombie.BeginTransaction();
        zombie.Produce(topic, new Message<string, string> { Key = "k", Value = "zombie" });
        Assert.Equal(0, zombie.Flush(Timeout));
        using var successor = KafkaRecords.Producer(kafka.Settings.TransactionalProducer("successor", transactionalId));
        successor.InitTransactions(Timeout);

        var error = Record.Exception(() =>
        {
            zombie.Produce(topic, new Message<string, string> { Key = "k", Value = "zombie-again" });
            zombie.Flush(Timeout);
            zombie.CommitTransaction(Timeout);
        });

        Assert.IsAssignableFrom<KafkaException>(error);
    }

    // The embedded cluster holds each rebalance for the session timeout minus 1 s, and a
    // cooperative hand-over takes two: 6 s (the smallest a real broker allows) keeps this short.
    private static ConsumerConfig FastRebalancing(ConsumerConfig config)
    {
        config.SessionTimeoutMs = 6_000;
        config.HeartbeatIntervalMs = 1_000;
        return config;
    }

    private static void ProduceInTransaction(IProducer<string, string> producer, string topic, string label, bool commit)
    {
        producer.BeginTransaction();
        for (var i = 0; i < 10; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = $"{label}-{i}" });
        }

        // Abort purges what is still queued: flush first so the aborted records reach the log.
        producer.Flush(Timeout);
        if (commit)
        {
            producer.CommitTransaction(Timeout);
        }
        else
        {
            producer.AbortTransaction(Timeout);
        }
    }
}
