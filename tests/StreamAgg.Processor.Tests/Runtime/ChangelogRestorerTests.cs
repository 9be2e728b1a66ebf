using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Processor.Observability;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

/// <summary>
/// The restorer on the embedded Kafka cluster: records reach their task in offset order across
/// many hand-offs from the fetching thread, and a restoration that fails or is cancelled part-way
/// leaves the restorer ready for the next one.
/// </summary>
public sealed class ChangelogRestorerTests
{
    private const int Partitions = 4;

    // More than one hand-off (FetchedBatch) per partition; partition 3 stays empty.
    private static readonly int[] RecordsPerPartition = [2500, 1300, 1, 0];

    [Fact]
    public void Restore_PartitionsOfManyBatches_EachTaskGetsItsRecordsInOffsetOrder()
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = WriteChangelog(cluster);
        using var restorer = Restorer(cluster);
        var tasks = Tasks(topic);

        var restorations = restorer.Restore(tasks, CancellationToken.None);

        for (var p = 0; p < Partitions; p++)
        {
            Assert.Equal(Expected(p), tasks[p].Restored);
            Assert.Equal(new ChangelogRestoration(RecordsPerPartition[p], null), restorations[p]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Restore_StoppedPartWay_ThrowsAndTheNextRestorationIsWhole(bool cancelled)
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var topic = WriteChangelog(cluster);
        using var restorer = Restorer(cluster);
        using var cancellation = new CancellationTokenSource();
        var failing = Tasks(topic);
        failing[0].AtRecord(1200, () =>
        {
            if (cancelled)
            {
                cancellation.Cancel();
            }
            else
            {
                throw new InvalidDataException("unreadable state");
            }
        });

        var thrown = Record.Exception(() => restorer.Restore(failing, cancellation.Token));

        Assert.IsType(cancelled ? typeof(OperationCanceledException) : typeof(InvalidDataException), thrown);
        var tasks = Tasks(topic);
        restorer.Restore(tasks, CancellationToken.None);
        Assert.All(Enumerable.Range(0, Partitions), p => Assert.Equal(Expected(p), tasks[p].Restored));
    }

    private static ChangelogRestorer Restorer(EmbeddedKafkaCluster cluster) => new(
        new ProcessorOptions { BootstrapServers = cluster.BootstrapServers, ApplicationId = "restorer-test", InstanceId = "a" },
        NullLogger.Instance,
        ProcessorMetrics.Unobserved);

    private static List<RecordingTask> Tasks(string topic) =>
        Enumerable.Range(0, Partitions).Select(p => new RecordingTask(p, topic)).ToList();

    // Every record's key names its partition and offset; every tenth value is a deletion.
    private static List<string> Expected(int partition) =>
        Enumerable.Range(0, RecordsPerPartition[partition]).Select(i => Describe(partition, i)).ToList();

    private static string Describe(int partition, int i) => i % 10 == 9 ? $"p{partition}-{i}=(deleted)" : $"p{partition}-{i}=v{i}";

    private static string WriteChangelog(EmbeddedKafkaCluster cluster)
    {
        var topic = $"restorer-test-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, Partitions, replicationFactor: 3);
        using var producer = new ProducerBuilder<byte[], byte[]?>(new KafkaClientSettings(cluster.BootstrapServers).Producer("restorer-test")).Build();
        for (var p = 0; p < Partitions; p++)
        {
            for (var i = 0; i < RecordsPerPartition[p]; i++)
            {
                var value = i % 10 == 9 ? null : Encoding.UTF8.GetBytes($"v{i}");
                producer.Produce(new TopicPartition(topic, p), new Message<byte[], byte[]?> { Key = Encoding.UTF8.GetBytes($"p{p}-{i}"), Value = value });
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return topic;
    }

    private sealed class RecordingTask(int partition, string changelogTopic) : IStreamTask
    {
        private (int Count, Action Act)? _atRecord;

        public TopicPartition InputPartition { get; } = new("restorer-test-input", partition);

        public IReadOnlyList<string> ChangelogTopics { get; } = [changelogTopic];

        public List<string> Restored { get; } = [];

        public void AtRecord(int count, Action act) => _atRecord = (count, act);

        public void Restore(string changelogTopic, byte[] key, ReadOnlyMemory<byte>? value)
        {
            if (_atRecord is { } at && Restored.Count == at.Count)
            {
                at.Act();
            }

            Restored.Add($"{Encoding.UTF8.GetString(key)}={(value is { } v ? Encoding.UTF8.GetString(v.Span) : "(deleted)")}");
        }

        public void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output) => throw new NotSupportedException();

        public void Punctuate(DateTimeOffset now, IRecordCollector output)
        {
        }

        public void Flush(IRecordCollector output)
        {
        }

        public void Dispose()
        {
        }
    }
}
