namespace StreamAgg.Dev.Kafka.Isolation.Transactions;

// The transactions of one producer incarnation in one partition, as spans ordered by first
// offset. Only the last span can be open. Consecutive spans with the same outcome merge, so the
// list alternates committed and aborted and stays as short as the aborts are few; a history of
// committed transactions only keeps no span at all (its batches are simply visible).
//
// A span reaches up to the next span's first offset, not to its own last acknowledged batch: a
// batch whose produce response never reached the proxy (the producer was killed with the request
// in flight) still belongs to the transaction it was sent in, which is the one that ends up
// aborted. Batches past KnownLast while a transaction's first offset is unknown belong to that
// open transaction.
internal sealed class ProducerPartitionHistory
{
    private readonly List<TransactionSpan> _spans = [];

    // The last offset of the last acknowledged batch, -1 before any.
    public long KnownLast { get; private set; } = -1;

    public bool IsOpen => _spans.Count > 0 && _spans[^1].Outcome == TransactionOutcome.Open;

    public bool IsEmpty => _spans.Count == 0;

    // The first offset of the open transaction when known, else long.MaxValue.
    public long OpenFirstOffset => IsOpen && _spans[^1].HasKnownFirst ? _spans[^1].First : long.MaxValue;

    public void Begin()
    {
        if (!IsOpen)
        {
            _spans.Add(new TransactionSpan(TransactionSpan.UnknownOffset, TransactionOutcome.Open));
        }
    }

    public void Appended(long baseOffset, long lastOffset)
    {
        if (IsOpen && !_spans[^1].HasKnownFirst && baseOffset > KnownLast)
        {
            _spans[^1] = _spans[^1] with { First = baseOffset };
        }

        KnownLast = Math.Max(KnownLast, lastOffset);
    }

    public void End(TransactionOutcome outcome)
    {
        if (!IsOpen)
        {
            return;
        }

        var open = _spans[^1];
        var first = open.HasKnownFirst ? open.First : KnownLast + 1;
        if (_spans.Count >= 2 && _spans[^2].Outcome == outcome)
        {
            _spans.RemoveAt(_spans.Count - 1);
        }
        else
        {
            _spans[^1] = new TransactionSpan(first, outcome);
        }

        if (_spans.Count == 1 && _spans[0].Outcome == TransactionOutcome.Committed)
        {
            _spans.Clear();
        }
    }

    // The fate of a transactional batch of this producer starting at baseOffset; for an aborted
    // one, abortedFirst is the aborted span's first offset (what Fetch's aborted list carries).
    public BatchFate Classify(long baseOffset, out long abortedFirst)
    {
        abortedFirst = -1;
        for (var i = _spans.Count - 1; i >= 0; i--)
        {
            var span = _spans[i];
            var covers = span.HasKnownFirst ? baseOffset >= span.First : baseOffset > KnownLast;
            if (!covers)
            {
                continue;
            }

            switch (span.Outcome)
            {
                case TransactionOutcome.Open:
                    return BatchFate.Open;
                case TransactionOutcome.Aborted:
                    abortedFirst = span.First;
                    return BatchFate.Aborted;
                default:
                    return BatchFate.Visible;
            }
        }

        return BatchFate.Visible;
    }
}
