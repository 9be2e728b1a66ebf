namespace StreamAgg.Kafka.Embedded.Isolation.Transactions;

internal enum TransactionOutcome
{
    Open,
    Committed,
    Aborted,
}
