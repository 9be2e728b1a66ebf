using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Kafka.Clients;
using StreamAgg.Wire;

namespace StreamAgg.Web.Dashboard.Live;

/// <summary>
/// What the overview reads from Kafka, on one thread of its own so that no request ever waits on
/// Kafka: every <see cref="Every"/> the sum of <c>player-events</c>' high watermarks (for
/// <see cref="IngestRate"/>), and, in between, the <c>dead-letters</c> topic from its beginning
/// (read_committed, assigned, no group offsets: every server counts all it retains) into
/// <see cref="DeadLetters"/>.
/// </summary>
internal sealed class KafkaActivity(KafkaClientSettings settings, TimeProvider time, ILoggerFactory? logging = null) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _log = (logging ?? NullLoggerFactory.Instance).CreateLogger<KafkaActivity>();

    public IngestRate IngestRate { get; } = new();

    public DeadLetterTally DeadLetters { get; } = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stop)
    {
        var config = settings.Consumer("streamagg-dashboard");
        config.EnableAutoCommit = false;
        using var admin = new AdminClientBuilder(settings.Admin("streamagg-dashboard")).SetLogHandler(Quiet).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler(Quiet).SetErrorHandler((_, _) => { }).Build();
        var assigned = new HashSet<TopicPartition>();
        while (!stop.IsCancellationRequested)
        {
            var next = time.GetUtcNow() + Every;
            try
            {
                var metadata = admin.GetMetadata(RequestTimeout);
                IngestRate.Add(time.GetUtcNow(), SumOfHighWatermarks(consumer, metadata));
                var deadLetterPartitions = PartitionsOf(metadata, TopicNames.DeadLetters).Where(p => !assigned.Contains(p)).ToList();
                if (deadLetterPartitions.Count > 0)
                {
                    consumer.IncrementalAssign(deadLetterPartitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
                    assigned.UnionWith(deadLetterPartitions);
                }
            }
            catch (KafkaException e)
            {
                IngestRate.Unavailable($"Kafka cannot be read: {e.Error.Reason}");
                _log.LogDebug(e, "dashboard: Kafka cannot be read");
            }

            // Read dead letters until the next sample is due.
            while (!stop.IsCancellationRequested && time.GetUtcNow() < next)
            {
                if (assigned.Count == 0)
                {
                    stop.WaitHandle.WaitOne(next - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                    break;
                }
                try
                {
                    var record = consumer.Consume(TimeSpan.FromMilliseconds(250));
                    if (record is { IsPartitionEOF: false, Message: { } message })
                        DeadLetters.Add(DateOnly.FromDateTime(message.Timestamp.UtcDateTime), ReasonOf(message.Headers));
                }
                catch (ConsumeException e)
                {
                    _log.LogDebug(e, "dashboard: a dead letter could not be read");
                }
            }
        }

        consumer.Close();
    }

    private static long SumOfHighWatermarks(IConsumer<Ignore, Ignore> consumer, Metadata metadata)
    {
        long total = 0;
        foreach (var partition in PartitionsOf(metadata, TopicNames.PlayerEvents))
        {
            var high = consumer.QueryWatermarkOffsets(partition, RequestTimeout).High;
            if (high != Offset.Unset)
                total += high.Value;
        }
        return total;
    }

    private static IEnumerable<TopicPartition> PartitionsOf(Metadata metadata, string topic) =>
        metadata.Topics.Where(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)));

    private static string ReasonOf(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes("reason", out var bytes) ? Encoding.UTF8.GetString(bytes) : "unknown";

    private static void Quiet<T>(T client, LogMessage message)
    {
        // librdkafka logs every failed connection; the overview reports Kafka as unavailable instead.
    }
}
