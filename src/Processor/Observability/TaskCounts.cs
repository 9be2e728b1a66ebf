using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;

namespace StreamAgg.Processor.Observability;

/// <summary>
/// What one task did since it last handed its counts to <see cref="ProcessorMetrics"/>: plain
/// fields, bumped on the hot path without touching an instrument.
/// </summary>
internal sealed class TaskCounts
{
    public long Consumed;
    public long Applied;
    public long Duplicates;
    public long Late;
    public long Rows;
    public long Cells;
    public long OpenedMinusClosed;
    public long Evicted;
    public long Loaded;
    public readonly long[] DeadLettered = new long[Enum.GetValues<DeadLetterReason>().Length];
    public readonly long[] Closed = new long[Enum.GetValues<SessionCloseCause>().Length];
}
