using Confluent.Kafka;
using StreamAgg.Heatmap;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Wire;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>Writes heatmap deltas to a test topic the way the processor does: keyed by (video, day), in transactions.</summary>
internal sealed class HeatmapTopic : IDisposable
{
    private readonly IProducer<byte[], byte[]?> _producer;

    public HeatmapTopic(KafkaFixture kafka, string topic)
    {
        Name = topic;
        var config = kafka.Settings.TransactionalProducer("heatmap-test", KafkaFixture.UniqueName("heatmap-test-tx"));
        _producer = new ProducerBuilder<byte[], byte[]?>(config).Build();
        _producer.InitTransactions(TimeSpan.FromSeconds(30));
    }

    public string Name { get; }

    public void Send(IEnumerable<HeatmapDelta> deltas) =>
        SendRaw(deltas.Select(d => (HeatmapDeltaKeyCodec.Encode(d.VideoId, d.Day), (byte[]?)HeatmapDeltaCodec.ToBytes(d))));

    /// <summary>Produces the messages in one committed transaction.</summary>
    public void SendRaw(IEnumerable<(byte[] Key, byte[]? Value)> messages)
    {
        _producer.BeginTransaction();
        foreach (var (key, value) in messages)
            _producer.Produce(Name, new Message<byte[], byte[]?> { Key = key, Value = value });
        _producer.Flush(TimeSpan.FromSeconds(30));
        _producer.CommitTransaction(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _producer.Dispose();
}
