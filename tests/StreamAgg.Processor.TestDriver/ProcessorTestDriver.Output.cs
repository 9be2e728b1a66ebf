using System.Text.Json;
using StreamAgg.Core.Engagement;
using StreamAgg.Heatmap;
using StreamAgg.Wire;

namespace StreamAgg.Processor.TestDriver;

/// <summary>Readers of what the driven task sent, per topic, decoded with the production codecs.</summary>
public sealed partial class ProcessorTestDriver
{
    /// <summary>Every record the task sent, in order.</summary>
    public IReadOnlyList<CapturedRecord> Output => _capture.Records;

    /// <summary>The records sent to <paramref name="topic"/>, in order.</summary>
    public IReadOnlyList<CapturedRecord> OutputOf(string topic) => _capture.Records.Where(r => r.Topic == topic).ToList();

    /// <summary>The records of the task's changelog topics, in order: what a fresh task restores from.</summary>
    public IReadOnlyList<CapturedRecord> ChangelogRecords => _capture.Records.Where(r => Task.ChangelogTopics.Contains(r.Topic)).ToList();

    /// <summary>Every engagement row sent, in order (several per key across commits).</summary>
    public IReadOnlyList<EngagementRow> ReadEngagementRows() =>
        OutputOf(TopicNames.Engagement).Select(r => EngagementRowJson.Read(r.Value)).ToList();

    /// <summary>The last row sent per key, as a compacted <c>engagement</c> topic would keep it.</summary>
    public IReadOnlyDictionary<EngagementKey, EngagementRow> ReadLatestEngagementRows()
    {
        var latest = new Dictionary<EngagementKey, EngagementRow>();
        foreach (EngagementRow row in ReadEngagementRows())
        {
            latest[new EngagementKey(row.UserId, row.VideoId)] = row;
        }

        return latest;
    }

    /// <summary>The dead letters sent, in order: the raw value with the <c>reason</c>, <c>source</c> and <c>error</c> headers.</summary>
    public IReadOnlyList<CapturedDeadLetter> ReadDeadLetters() =>
        OutputOf(TopicNames.DeadLetters).Select(r => new CapturedDeadLetter(
            r.HeaderText(MessageHeaders.DeadLetterReason) ?? "",
            r.Value ?? [],
            r.HeaderText(MessageHeaders.DeadLetterSource),
            r.HeaderText(MessageHeaders.DeadLetterError))).ToList();

    /// <summary>The heatmap deltas sent, in order, decoded with <see cref="HeatmapDeltaCodec"/>.</summary>
    public IReadOnlyList<HeatmapDelta> ReadHeatmapDeltas() =>
        OutputOf(TopicNames.HeatmapDeltas).Select(r => HeatmapDeltaCodec.Read(r.Value)).ToList();

    /// <summary>The heatmap deltas sent so far merged as the sink merges them (see <see cref="HeatmapDeltaMerge"/>).</summary>
    public IReadOnlyList<HeatmapRow> ReadMergedHeatmap() => HeatmapDeltaMerge.Rows(ReadHeatmapDeltas());
}
