using Confluent.Kafka;
using StreamAgg.Heatmap;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Turns one consumed message into a batch entry: a delta, or a
/// <see cref="SinkDeadLetterReasons.Unreadable"/> dead letter. The value is self-describing (it
/// names its video and day), so the key is not read.
/// </summary>
internal static class HeatmapMessage
{
    // Plays of one second in one commit interval; far above any real audience, and low enough
    // that a batch's sums cannot overflow.
    private const long MaxPlays = int.MaxValue;

    /// <returns>The dead letter the message became, or null when it was added.</returns>
    public static SinkDeadLetter? AddTo(HeatmapBatch batch, ConsumeResult<byte[]?, byte[]?> result)
    {
        var source = new SinkSource(result.Topic, result.Partition.Value, result.Offset.Value);
        var key = result.Message.Key;
        var value = result.Message.Value;
        if (value is null)
        {
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, "A heatmap delta message without a value.", key, null));
        }

        HeatmapDelta delta;
        try
        {
            delta = HeatmapDeltaCodec.Read(value);
        }
        catch (FormatException e)
        {
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, e.Message, key, value));
        }

        if (Problem(delta) is { } problem)
        {
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, problem, key, value));
        }
        batch.AddDelta(delta, source);
        return null;
    }

    private static SinkDeadLetter DeadLetter(HeatmapBatch batch, SinkDeadLetter deadLetter)
    {
        batch.AddDeadLetter(deadLetter);
        return deadLetter;
    }

    private static string? Problem(HeatmapDelta delta)
    {
        if (HeatmapBatch.FindForeignSettings(delta) is { } settings)
            return $"The delta's sketches use {settings}; the heatmap tables hold {Hll.HllSettings.Default}.";
        foreach (var second in delta.Seconds)
        {
            if (second.Plays > MaxPlays)
                return $"Second {second.Second} claims {second.Plays} plays in one delta.";
        }
        return null;
    }
}
