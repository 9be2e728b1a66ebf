using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Consuming;

/// <summary>
/// Turns one consumed message into a batch entry: a row, a tombstone (null value: the key is
/// deleted), or a <see cref="SinkDeadLetterReasons.Unreadable"/> dead letter.
/// </summary>
internal static class EngagementMessage
{
    /// <returns>False when the message became a dead letter.</returns>
    public static bool AddTo(EngagementBatch batch, ConsumeResult<byte[]?, byte[]?> result)
    {
        var source = new SinkSource(result.Topic, result.Partition.Value, result.Offset.Value);
        var key = result.Message.Key;
        var value = result.Message.Value;
        if (value is null)
        {
            if (key is not null && EngagementKeyCodec.TryDecode(key, out var engagementKey))
            {
                batch.AddTombstone(engagementKey.UserId, engagementKey.VideoId, source);
                return true;
            }
            batch.AddDeadLetter(new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, "A tombstone whose key is not [\"userId\",\"videoId\"].", key, null));
            return false;
        }

        EngagementRow row;
        try
        {
            row = EngagementRowJson.Read(value);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            batch.AddDeadLetter(new SinkDeadLetter(source, SinkDeadLetterReasons.Unreadable, e.Message, key, value));
            return false;
        }
        batch.AddRow(row, source);
        return true;
    }
}
