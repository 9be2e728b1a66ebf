using System.Text.Json;
using Confluent.Kafka;
using StreamAgg.Core.Engagement;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Wire;

namespace StreamAgg.Integration.Tests.Sink.Consuming;

/// <summary>Writes engagement messages to a test topic the way the processor does: in transactions.</summary>
internal sealed class EngagementTopic : IDisposable
{
    private readonly IProducer<byte[], byte[]?> _producer;

    public EngagementTopic(KafkaFixture kafka, string topic)
    {
        Name = topic;
        var config = kafka.Settings.TransactionalProducer("sink-test", KafkaFixture.UniqueName("sink-test-tx"));
        _producer = new ProducerBuilder<byte[], byte[]?>(config).Build();
        _producer.InitTransactions(TimeSpan.FromSeconds(30));
    }

    public string Name { get; }

    public static byte[] Key(string userId, string videoId) => JsonSerializer.SerializeToUtf8Bytes(new[] { userId, videoId });

    public static byte[] Json(EngagementRow row)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            EngagementRowJson.Write(writer, row, includeStreamingFields: true);
        return buffer.ToArray();
    }

    /// <summary>Produces the messages in one transaction, committed or aborted.</summary>
    public void Send(IEnumerable<(byte[] Key, byte[]? Value)> messages, bool commit = true)
    {
        _producer.BeginTransaction();
        foreach (var (key, value) in messages)
            _producer.Produce(Name, new Message<byte[], byte[]?> { Key = key, Value = value });
        _producer.Flush(TimeSpan.FromSeconds(30));
        if (commit)
            _producer.CommitTransaction(TimeSpan.FromSeconds(30));
        else
            _producer.AbortTransaction(TimeSpan.FromSeconds(30));
    }

    public void SendRows(IEnumerable<EngagementRow> rows, bool commit = true) =>
        Send(rows.Select(r => (Key(r.UserId, r.VideoId), (byte[]?)Json(r))), commit);

    public void Dispose() => _producer.Dispose();
}
