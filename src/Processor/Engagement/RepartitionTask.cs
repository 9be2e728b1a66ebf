using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Engagement;

/// <summary>
/// Re-keys input that producers did not key by userId: forwards every record unchanged to the
/// repartition topic, keyed by the userId in its JSON. Validation stays with the engagement task
/// (its reasons are ordered), so a record without a readable userId is forwarded unkeyed and
/// dead-lettered there, with the reason it deserves. Stateless: it has no changelog.
/// </summary>
internal sealed class RepartitionTask(TopicPartition input) : IStreamTask
{
    public TopicPartition InputPartition { get; } = input;

    public IReadOnlyList<string> ChangelogTopics { get; } = [];

    public void Restore(string changelogTopic, byte[] key, ReadOnlyMemory<byte>? value)
    {
    }

    public void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output) =>
        output.Send(TopicNames.Repartition, UserIdOf(record.Message.Value), record.Message.Value, record.Message.Headers);

    public void Punctuate(DateTimeOffset now, IRecordCollector output)
    {
    }

    public void Flush(IRecordCollector output)
    {
    }

    /// <summary>The top-level <c>userId</c> string as UTF-8, or null when there is none to read.</summary>
    internal static byte[]? UserIdOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            byte[]? userId = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUserId = reader.ValueTextEquals("userId"u8);
                reader.Read();
                if (isUserId)
                {
                    // The last occurrence wins, as in the parser.
                    userId = reader.TokenType == JsonTokenType.String ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : null;
                }
                else
                {
                    reader.Skip();
                }
            }

            return userId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
    }
}
