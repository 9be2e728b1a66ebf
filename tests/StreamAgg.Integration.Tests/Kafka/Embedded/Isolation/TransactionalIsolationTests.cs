using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation;

// Kafka's transactional semantics on the embedded cluster, as real clients see them through its
// isolating proxy: what read_committed readers see of committed, aborted, open, abandoned and
// timed-out transactions, fencing, and offsets sent to transactions.
public sealed class TransactionalIsolationTests(IsolatedClusterFixture kafka) : IClassFixture<IsolatedClusterFixture>
{
    private static readonly TimeSpan Timeout = IsolatedClusterFixture.Timeout;

    [Fact]
    public void ReadCommitted_AbortedBetweenCommittedTransactions_SeesOnlyTheCommittedInOrder()
    {
        var topic = kafka.CreateTopic("iso-abort");
        using (var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-abort")))
        {
            ProduceInTransaction(producer, topic, "first", commit: true);
            ProduceInTransaction(producer, topic, "aborted", commit: false);
            ProduceInTransaction(producer, topic, "second", commit: true);
        }

        using var committed = kafka.Reader(topic);
        using var uncommitted = kafka.Reader(topic, readCommitted: false);

        Assert.Equal(Values("first", 5).Concat(Values("second", 5)), VisibleRecords.UntilEnd(committed, 15));
        Assert.Equal(Values("first", 5).Concat(Values("aborted", 5)).Concat(Values("second", 5)), VisibleRecords.UntilEnd(uncommitted, 15));
    }

    [Fact]
    public void ReadCommitted_OpenTransaction_StopsBeforeItUntilItCommits()
    {
        var topic = kafka.CreateTopic("iso-open");
        kafka.ProducePlain(topic, "before");
        using var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-open"));
        producer.BeginTransaction();
        ProduceAll(producer, topic, Values("open", 5));
        Assert.Equal(0, producer.Flush(Timeout));
        kafka.ProducePlain(topic, "after");
        using var committed = kafka.Reader(topic);
        using var uncommitted = kafka.Reader(topic, readCommitted: false);

        var whileOpen = VisibleRecords.UntilEnd(committed, 1);
        var everything = VisibleRecords.UntilEnd(uncommitted, 7);
        producer.CommitTransaction(Timeout);
        var afterCommit = VisibleRecords.UntilEnd(committed, 7);

        Assert.Equal(["before"], whileOpen);
        Assert.Equal(Values("open", 5).Append("after"), afterCommit);
        Assert.Equal(new[] { "before" }.Concat(Values("open", 5)).Append("after"), everything);
    }

    [Fact]
    public void InitTransactions_SameIdWhileTheOldProducerHasATransactionOpen_AbortsItAtOnceAndFencesTheOld()
    {
        var topic = kafka.CreateTopic("iso-successor");
        var transactionalId = KafkaFixture.UniqueName("iso-successor");
        using var zombie = kafka.TransactionalProducer(transactionalId);
        zombie.BeginTransaction();
        ProduceAll(zombie, topic, Values("zombie", 5));
        Assert.Equal(0, zombie.Flush(Timeout));
        kafka.ProducePlain(topic, "after");
        using var reader = kafka.Reader(topic);
        var whileOpen = VisibleRecords.UntilEnd(reader, 0);

        using var successor = kafka.TransactionalProducer(transactionalId);
        var afterSuccessorStarted = VisibleRecords.UntilEnd(reader, 6);
        var zombieCommit = Record.Exception(() => zombie.CommitTransaction(Timeout));
        ProduceInTransaction(successor, topic, "successor", commit: true);
        var afterSuccessorCommitted = VisibleRecords.UntilEnd(reader, 11);

        Assert.Empty(whileOpen);
        Assert.Equal(["after"], afterSuccessorStarted);
        Assert.IsAssignableFrom<KafkaException>(zombieCommit);
        Assert.Equal(Values("successor", 5), afterSuccessorCommitted);
    }

    [Fact]
    public void OpenTransaction_OlderThanTheTransactionTimeout_IsAbortedAndItsProducerFenced()
    {
        var topic = kafka.CreateTopic("iso-timeout");
        using var abandoned = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-timeout"), transactionTimeoutMs: 2_000);
        abandoned.BeginTransaction();
        ProduceAll(abandoned, topic, Values("abandoned", 5));
        Assert.Equal(0, abandoned.Flush(Timeout));
        kafka.ProducePlain(topic, "after");
        using var reader = kafka.Reader(topic);

        var visible = VisibleRecords.UntilEnd(reader, 6);
        var lateCommit = Record.Exception(() => abandoned.CommitTransaction(Timeout));

        Assert.Equal(["after"], visible);
        Assert.IsAssignableFrom<KafkaException>(lateCommit);
    }

    [Fact]
    public void Produce_FromAFencedProducer_IsRefusedAndNeverVisible()
    {
        var topic = kafka.CreateTopic("iso-fenced");
        var transactionalId = KafkaFixture.UniqueName("iso-fenced");
        using var zombie = kafka.TransactionalProducer(transactionalId);
        using var successor = kafka.TransactionalProducer(transactionalId);
        zombie.BeginTransaction();

        var zombieWrite = Record.Exception(() =>
        {
            ProduceAll(zombie, topic, Values("zombie", 3));
            zombie.Flush(Timeout);
            zombie.CommitTransaction(Timeout);
        });
        ProduceInTransaction(successor, topic, "successor", commit: true);
        using var committed = kafka.Reader(topic);

        Assert.IsAssignableFrom<KafkaException>(zombieWrite);
        Assert.Equal(Values("successor", 5), VisibleRecords.UntilEnd(committed, 5));
    }

    [Fact]
    public void SendOffsetsToTransaction_AbortedThenCommitted_OnlyTheCommittedOffsetsAreTheGroups()
    {
        var input = kafka.CreateTopic("iso-offsets-in");
        var output = kafka.CreateTopic("iso-offsets-out");
        kafka.ProducePlain(input, Values("in", 5).ToArray());
        var group = KafkaFixture.UniqueName("iso-offsets");
        using var consumer = KafkaRecords.Consumer(kafka.Settings.Consumer(group));
        consumer.Subscribe(input);
        Assert.Equal(5, KafkaRecords.ConsumeAtLeast(consumer, 5).Count);
        using var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-offsets"));
        var partition = new TopicPartition(input, 0);

        producer.BeginTransaction();
        producer.Produce(output, new Message<string, string> { Key = "k", Value = "aborted" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 3)], consumer.ConsumerGroupMetadata, Timeout);
        producer.AbortTransaction(Timeout);
        var afterAbort = Assert.Single(consumer.Committed([partition], Timeout)).Offset;
        producer.BeginTransaction();
        producer.Produce(output, new Message<string, string> { Key = "k", Value = "committed" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 5)], consumer.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);
        var afterCommit = Assert.Single(consumer.Committed([partition], Timeout)).Offset;
        consumer.Close();

        Assert.Equal(Offset.Unset, afterAbort);
        Assert.Equal(5, afterCommit.Value);
    }

    [Fact]
    public void CommitTransaction_WhileTheGroupRebalances_OffsetsBecomeTheGroupsOnceItIsStable()
    {
        // Kafka stores a committed transaction's offsets whatever the group is doing; the brokers
        // behind refuse offset commits during a rebalance (REBALANCE_IN_PROGRESS).
        var input = kafka.CreateTopic("iso-rebalance-in", partitions: 2);
        var output = kafka.CreateTopic("iso-rebalance-out");
        kafka.ProducePlain(input, Values("in", 5).ToArray());
        var group = KafkaFixture.UniqueName("iso-rebalance");
        using var first = KafkaRecords.Consumer(GroupMember(group));
        first.Subscribe(input);
        Assert.Equal(5, KafkaRecords.ConsumeAtLeast(first, 5).Count);
        using var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-rebalance"));
        var processed = new TopicPartition(input, 0);
        // The probe commits to the other partition: whether the group takes plain commits now.
        var probe = new TopicPartitionOffset(input, 1, 0);
        using var second = KafkaRecords.Consumer(GroupMember(group));
        second.Subscribe(input);
        Assert.True(KafkaRecords.PollUntil(() => !TakesCommits(first, probe), () => PollBoth(first, second)), "the second member never started a rebalance");

        producer.BeginTransaction();
        producer.Produce(output, new Message<string, string> { Key = "k", Value = "processed" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(processed, 5)], first.ConsumerGroupMetadata, Timeout);
        producer.CommitTransaction(Timeout);
        var committedDuringRebalance = !TakesCommits(first, probe);
        var stored = KafkaRecords.PollUntil(
            () => Assert.Single(first.Committed([processed], Timeout)).Offset == 5,
            () => PollBoth(first, second));
        second.Close();
        first.Close();

        Assert.True(committedDuringRebalance, "the group was stable again before the transaction committed: the test proved nothing");
        Assert.True(stored, "the committed transaction's offset never became the group's");
    }

    [Fact]
    public void CommitTransaction_EndTxnRefusedRetriablyTwice_CommitsOnceTheBrokerAccepts()
    {
        var topic = kafka.CreateTopic("iso-endtxn-errors");
        using var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-endtxn-errors"));
        kafka.Cluster.PushRequestErrors(StreamAgg.Dev.Kafka.KafkaApiKey.EndTxn, ErrorCode.ConcurrentTransactions, ErrorCode.ConcurrentTransactions);

        ProduceInTransaction(producer, topic, "retried", commit: true);
        using var committed = kafka.Reader(topic);

        Assert.Equal(Values("retried", 5), VisibleRecords.UntilEnd(committed, 5));
    }

    [Fact]
    public void ReadCommitted_BrokerDownAndUpMidTransaction_SeesTheTransactionOnceCommitted()
    {
        var topic = kafka.CreateTopic("iso-broker-down");
        kafka.Cluster.SetPartitionLeader(topic, 0, 2);
        using var producer = kafka.TransactionalProducer(KafkaFixture.UniqueName("iso-broker-down"));
        using var committed = kafka.Reader(topic);
        producer.BeginTransaction();
        ProduceAll(producer, topic, Values("before-outage", 3));
        Assert.Equal(0, producer.Flush(Timeout));

        kafka.Cluster.SetBrokerDown(2);
        ProduceAll(producer, topic, Values("during-outage", 3));
        kafka.Cluster.SetBrokerUp(2);
        Assert.Equal(0, producer.Flush(Timeout));
        producer.CommitTransaction(Timeout);

        Assert.Equal(Values("before-outage", 3).Concat(Values("during-outage", 3)), VisibleRecords.UntilEnd(committed, 6));
    }

    // A short session timeout keeps the rebalance short (the brokers wait it less 1 s for members to rejoin).
    private ConsumerConfig GroupMember(string group)
    {
        var config = kafka.Settings.Consumer(group);
        config.SessionTimeoutMs = 6_000;
        config.HeartbeatIntervalMs = 500;
        return config;
    }

    private static bool TakesCommits(IConsumer<string, string> member, TopicPartitionOffset probe)
    {
        try
        {
            member.Commit([probe]);
            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private static void PollBoth(IConsumer<string, string> first, IConsumer<string, string> second)
    {
        first.Consume(TimeSpan.FromMilliseconds(50));
        second.Consume(TimeSpan.FromMilliseconds(50));
    }

    private static IEnumerable<string> Values(string label, int count) => Enumerable.Range(0, count).Select(i => $"{label}-{i}");

    private static void ProduceAll(IProducer<string, string> producer, string topic, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            producer.Produce(new TopicPartition(topic, 0), new Message<string, string> { Key = "k", Value = value });
        }
    }

    private static void ProduceInTransaction(IProducer<string, string> producer, string topic, string label, bool commit)
    {
        producer.BeginTransaction();
        ProduceAll(producer, topic, Values(label, 5));
        // Abort purges what is still queued: flush first so the aborted records reach the log.
        Assert.Equal(0, producer.Flush(Timeout));
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
