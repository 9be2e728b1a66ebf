using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation;

// A transactional producer killed with kill -9 in the middle of a transaction, in a real OS
// process: its records never become visible to read_committed readers, a successor with the same
// transactional.id aborts its transaction at once, and without a successor the transaction
// timeout does.
public sealed class KilledProducerTests(IsolatedClusterFixture kafka) : IClassFixture<IsolatedClusterFixture>
{
    [Fact]
    public void KillNine_MidTransaction_ASuccessorWithTheSameIdAbortsItAtOnce()
    {
        var topic = kafka.CreateTopic("iso-kill");
        var transactionalId = KafkaFixture.UniqueName("iso-kill");
        using var child = ChildTransactionalProducer.Start(kafka.Cluster.BootstrapServers, topic, transactionalId, count: 5);
        kafka.ProducePlain(topic, "after");
        using var committed = kafka.Reader(topic);
        using var uncommitted = kafka.Reader(topic, readCommitted: false);
        var whileAlive = VisibleRecords.UntilEnd(committed, 0);
        var written = VisibleRecords.UntilEnd(uncommitted, 6);

        child.KillNine();
        using var successor = kafka.TransactionalProducer(transactionalId);
        var afterSuccessor = VisibleRecords.UntilEnd(committed, 6);

        Assert.Empty(whileAlive);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"open-{i}").Append("after"), written);
        Assert.Equal(["after"], afterSuccessor);
    }

    [Fact]
    public void KillNine_MidTransactionForGood_TheTransactionTimeoutAbortsIt()
    {
        var topic = kafka.CreateTopic("iso-kill-timeout");
        using var child = ChildTransactionalProducer.Start(
            kafka.Cluster.BootstrapServers, topic, KafkaFixture.UniqueName("iso-kill-timeout"), count: 5, transactionTimeoutMs: 2_000);
        kafka.ProducePlain(topic, "after");
        using var committed = kafka.Reader(topic);

        child.KillNine();
        var visible = VisibleRecords.UntilEnd(committed, 6);

        Assert.Equal(["after"], visible);
    }
}
