namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// What a read_committed reader may do with one record batch.
internal enum BatchFate
{
    // Not transactional, or of a committed transaction.
    Visible,

    // Of an aborted transaction: the reader must skip it.
    Aborted,

    // Of a transaction still open: the last stable offset stops before it.
    Open,
}
