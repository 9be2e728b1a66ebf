namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

internal enum TransactionOutcome
{
    Open,
    Committed,
    Aborted,
}
