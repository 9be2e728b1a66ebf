using StreamAgg.Sink.Consuming;

namespace StreamAgg.Sink.Heatmap;

/// <summary>Counters of a running heatmap sink, safe to read from any thread.</summary>
public sealed class HeatmapSinkStatistics : ISinkStatistics<HeatmapBatch>
{
    private long _messagesStored;
    private long _batchesStored;
    private long _secondsMerged;
    private long _rowsUpserted;
    private long _deadLetters;
    private long _writeFailures;
    private long _dailyRowsExpired;
    private long _monthlyRowsExpired;

    /// <summary>Messages (deltas and dead letters) stored in PostgreSQL.</summary>
    public long MessagesStored => Interlocked.Read(ref _messagesStored);

    /// <summary>Transactions committed.</summary>
    public long BatchesStored => Interlocked.Read(ref _batchesStored);

    /// <summary>Delta seconds (cell merges) stored, before merging equal cells of a batch.</summary>
    public long SecondsMerged => Interlocked.Read(ref _secondsMerged);

    /// <summary>Daily rows upserted (the monthly rollup is folded beside the merges, by <see cref="HeatmapMonthFolder"/>).</summary>
    public long RowsUpserted => Interlocked.Read(ref _rowsUpserted);

    /// <summary>Messages stored in <c>sink_dead_letters</c> instead.</summary>
    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    /// <summary>Failed write attempts that were retried.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Daily rows deleted past retention.</summary>
    public long DailyRowsExpired => Interlocked.Read(ref _dailyRowsExpired);

    /// <summary>Monthly rows deleted past retention.</summary>
    public long MonthlyRowsExpired => Interlocked.Read(ref _monthlyRowsExpired);

    void ISinkStatistics<HeatmapBatch>.BatchStored(HeatmapBatch batch, int rows)
    {
        Interlocked.Add(ref _messagesStored, batch.Count);
        Interlocked.Add(ref _secondsMerged, batch.SecondsAdded);
        Interlocked.Add(ref _rowsUpserted, rows);
        Interlocked.Increment(ref _batchesStored);
    }

    void ISinkStatistics<HeatmapBatch>.DeadLettered() => Interlocked.Increment(ref _deadLetters);

    void ISinkStatistics<HeatmapBatch>.WriteFailed() => Interlocked.Increment(ref _writeFailures);

    internal void Expired(long daily, long monthly)
    {
        Interlocked.Add(ref _dailyRowsExpired, daily);
        Interlocked.Add(ref _monthlyRowsExpired, monthly);
    }
}
