using StreamAgg.Dev.Kafka.Isolation.Transactions;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation.Transactions;

public sealed class ProducerPartitionHistoryTests
{
    [Fact]
    public void Classify_OpenTransactionBeforeItsFirstAppendIsAcknowledged_IsOpenPastTheLastKnownBatch()
    {
        var history = new ProducerPartitionHistory();
        history.Begin();
        history.Appended(0, 4);
        history.End(TransactionOutcome.Committed);
        history.Begin();

        Assert.Equal(BatchFate.Visible, history.Classify(0, out _));
        Assert.Equal(BatchFate.Open, history.Classify(5, out _));
        Assert.Equal(long.MaxValue, history.OpenFirstOffset);
    }

    [Fact]
    public void Classify_AbortedBetweenCommitted_OnlyTheAbortedSpanIsAborted()
    {
        var history = new ProducerPartitionHistory();
        history.Begin();
        history.Appended(0, 4);
        history.End(TransactionOutcome.Committed);
        history.Begin();
        history.Appended(5, 9);
        history.End(TransactionOutcome.Aborted);
        history.Begin();
        history.Appended(12, 14);

        Assert.Equal(12, history.OpenFirstOffset);
        history.End(TransactionOutcome.Committed);

        Assert.Equal(BatchFate.Visible, history.Classify(0, out _));
        Assert.Equal(BatchFate.Aborted, history.Classify(7, out var abortedFirst));
        Assert.Equal(5, abortedFirst);
        Assert.Equal(BatchFate.Visible, history.Classify(12, out _));
        Assert.False(history.IsOpen);
    }

    [Fact]
    public void Classify_BatchAcknowledgedNeverAfterAnAbort_BelongsToTheAbortedTransaction()
    {
        // A producer killed with its produce request in flight: the batch landed, the proxy never
        // heard where, and the transaction was aborted by its successor.
        var history = new ProducerPartitionHistory();
        history.Begin();
        history.Appended(0, 2);
        history.End(TransactionOutcome.Committed);
        history.Begin();
        history.End(TransactionOutcome.Aborted);

        Assert.Equal(BatchFate.Visible, history.Classify(0, out _));
        Assert.Equal(BatchFate.Aborted, history.Classify(3, out var abortedFirst));
        Assert.Equal(3, abortedFirst);
    }

    [Fact]
    public void End_OnlyCommittedTransactions_KeepsNoSpan()
    {
        var history = new ProducerPartitionHistory();
        for (var i = 0; i < 3; i++)
        {
            history.Begin();
            history.Appended(i * 10, (i * 10) + 9);
            history.End(TransactionOutcome.Committed);
        }

        Assert.True(history.IsEmpty);
        Assert.Equal(29, history.KnownLast);
    }
}
