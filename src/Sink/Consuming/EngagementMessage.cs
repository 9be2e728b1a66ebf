using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// Turns one consumed message into a batch entry: a row, a tombstone (null value: the key is
/// deleted), or a dead letter: <see cref="SinkDeadLetterReasons.Unreadable"/> when it is not an
/// engagement row, <see cref="SinkDeadLetterReasons.Invalid"/> when the row holds values the
/// processor never writes (<see cref="EngagementRowCheck"/>).
/// </summary>
internal static class EngagementMessage
{
    /// <returns>The dead letter the message became, or null when it was added.</returns>
    public static SinkDeadLetter? AddTo(EngagementBatch batch, ConsumeResult<byte[]?, byte[]?> result)
    {
        var source = new SinkSource(result.Topic, result.Partition.Value, result.Offset.Value);
        var key = result.Message.Key;
        var value = result.Message.Value;
        if (value is null)
        {
            if (key is not null && EngagementKeyCodec.TryDecode(key, out var engagementKey))
            {
                batch.AddTombstone(engagementKey.UserId, engagementKey.VideoId, source);
                return null;
            }
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, "A tombstone whose key is not [\"userId\",\"videoId\"].", key, null));
        }

        EngagementRow row;
        try
        {
            row = EngagementRowJson.Read(value);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, e.Message, key, value));
        }

        if (EngagementRowCheck.Problem(row) is { } problem)
            return DeadLetter(batch, new SinkDeadLetter(source, SinkDeadLetterReasons.Invalid, problem, key, value));
        batch.AddRow(row, source);
        return null;
    }

    private static SinkDeadLetter DeadLetter(EngagementBatch batch, SinkDeadLetter deadLetter)
    {
        batch.AddDeadLetter(deadLetter);
        return deadLetter;
    }
}
