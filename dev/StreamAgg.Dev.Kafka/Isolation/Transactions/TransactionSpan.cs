namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// The batches of one producer incarnation in one partition from First up to the next span's
// First: one transaction, or several consecutive ones with the same outcome. First is
// UnknownOffset while the first append of an open transaction has not been acknowledged.
internal readonly record struct TransactionSpan(long First, TransactionOutcome Outcome)
{
    public const long UnknownOffset = -1;

    public bool HasKnownFirst => First != UnknownOffset;
}
