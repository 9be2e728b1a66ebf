using StreamAgg.Core.Engagement;

namespace StreamAgg.Sink.Writing;

internal enum EngagementBatchEntryKind : byte
{
    Row,
    Tombstone,
    DeadLetter,
}

/// <summary>One consumed message, in consumption order; exactly one of row, key or dead letter is meaningful.</summary>
internal readonly record struct EngagementBatchEntry(
    EngagementBatchEntryKind Kind,
    SinkSource Source,
    EngagementRow? Row,
    EngagementKey Key,
    SinkDeadLetter? DeadLetter);
