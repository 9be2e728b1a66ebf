using Confluent.Kafka;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;
using StreamAgg.Kafka.Clients;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// How far the pipeline has got: the processor's offsets as of its last transaction, against the
/// input's end offsets; the sinks' positions stored in PostgreSQL, against the outputs'.
/// </summary>
internal sealed class PipelineProgress : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _processorGroup;
    public PipelineProgress(KafkaClientSettings settings, string processorGroup)
    {
        // A consumer that never subscribes: it only reads the topics' end offsets.
        _processorGroup = new ConsumerBuilder<byte[], byte[]>(settings.Consumer(processorGroup + "-progress", "streamagg-demo-progress")).Build();
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
    /// Records of <paramref name="topic"/> a sink has not stored yet, given the positions it
    /// stored in PostgreSQL. Each processor transaction ends a partition with one commit marker
    /// the sink never sees as a record, so a drained partition stands at most one offset short of
    /// its end.
    /// </summary>
    public long SinkLag(string topic, IReadOnlyDictionary<int, long> stored)
    {
        long lag = 0;
        foreach (var partition in Partitions(topic))
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
