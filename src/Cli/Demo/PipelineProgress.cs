using Confluent.Kafka;
using StreamAgg.Contracts;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Cli.Demo;

/// <summary>
/// How far the pipeline has got: the processor's offsets as of its last transaction, against the
/// input's end offsets; the sink's positions stored in PostgreSQL, against the output's.
/// </summary>
internal sealed class PipelineProgress : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _processorGroup;
    private readonly EngagementRowWriter _sinkPositions;

    public PipelineProgress(KafkaClientSettings settings, string processorGroup, EngagementRowWriter sinkPositions)
    {
        // A consumer that never subscribes: it only reads the topics' end offsets.
        _processorGroup = new ConsumerBuilder<byte[], byte[]>(settings.Consumer(processorGroup + "-progress", "streamagg-demo-progress")).Build();
        _sinkPositions = sinkPositions;
    }

    /// <summary>Input records the processor has not committed yet, by its own account of its commits.</summary>
    public long ProcessorLag(IReadOnlyList<string> inputTopics, IReadOnlyDictionary<TopicPartition, long> committed)
    {
        long lag = 0;
        foreach (var partition in inputTopics.SelectMany(Partitions))
        {
            var end = _processorGroup.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            lag += Math.Max(0, end - committed.GetValueOrDefault(partition));
        }

        return lag;
    }

    /// <summary>
    /// Engagement records the sink has not stored yet. Each processor transaction ends a
    /// partition with one commit marker the sink never sees as a record, so a drained partition
    /// stands at most one offset short of its end.
    /// </summary>
    public async Task<long> SinkLagAsync(CancellationToken cancellation)
    {
        var stored = await _sinkPositions.ReadPositionsAsync(TopicNames.Engagement, cancellation);
        long lag = 0;
        foreach (var partition in Partitions(TopicNames.Engagement))
        {
            var end = _processorGroup.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
            var next = stored.GetValueOrDefault(partition.Partition.Value);
            lag += Math.Max(0, end - next - 1);
        }

        return lag;
    }

    private List<TopicPartition> Partitions(string topic)
    {
        using var admin = new DependentAdminClientBuilder(_processorGroup.Handle).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }

    public void Dispose()
    {
        _processorGroup.Close();
        _processorGroup.Dispose();
    }
}
