using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;
using StreamAgg.Processor.Runtime;
using StreamAgg.Wire;

namespace StreamAgg.Processor.Engagement;

/// <summary>
/// The compacted <c>video-metadata</c> topic as a table every task reads (SEMANTICS.md §1:
/// metadata wins over event fields). Bootstrapped to the end before processing, then updated in
/// every poll phase. A malformed message is logged with its offset and skipped: the table keeps
/// the last good value for that video.
/// </summary>
internal sealed class VideoMetadataTable : IGlobalTable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly ILogger _logger;
    private readonly string _bootstrapServers;
    private readonly VideoCatalog _videos = new();

    public VideoMetadataTable(ProcessorOptions options, ILogger<VideoMetadataTable> logger)
    {
        _logger = logger;
        _bootstrapServers = options.BootstrapServers;
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = $"{options.ApplicationId}-video-metadata-unused",
            ClientId = $"{options.ApplicationId}-{options.InstanceId}-video-metadata",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = true,
        }).Build();
    }

    /// <summary>Videos known so far.</summary>
    public int Count => _videos.Count;

    /// <summary>Messages that could not be read.</summary>
    public long Malformed { get; private set; }

    /// <summary>The table's content, which the tasks read.</summary>
    public IVideoCatalog Videos => _videos;

    public void Bootstrap(CancellationToken cancellation)
    {
        using var admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
        var topic = admin.GetMetadata(TopicNames.VideoMetadata, TimeSpan.FromSeconds(30)).Topics.Single();
        if (topic.Error.IsError)
        {
            throw new StreamsException(
                $"Cannot read topic {TopicNames.VideoMetadata} at {_bootstrapServers}: {topic.Error.Reason}. Create the topics with ./streamagg topics.");
        }

        var partitions = topic.Partitions.Select(p => new TopicPartitionOffset(TopicNames.VideoMetadata, p.PartitionId, Offset.Beginning)).ToList();
        _consumer.Assign(partitions);
        var pending = new HashSet<int>(partitions.Select(p => p.Partition.Value));
        while (pending.Count > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                pending.Remove(result.Partition.Value);
                continue;
            }

            Apply(result);
        }

        _logger.LogInformation("Video metadata: {Count} videos", _videos.Count);
    }

    public void PollUpdates()
    {
        while (_consumer.Consume(TimeSpan.Zero) is { } result)
        {
            if (!result.IsPartitionEOF)
            {
                Apply(result);
            }
        }
    }

    private void Apply(ConsumeResult<byte[]?, byte[]?> result)
    {
        var value = result.Message.Value;
        if (value is null)
        {
            // A tombstone: the video's metadata was deleted.
            if (result.Message.Key is { } key)
            {
                _videos.Remove(System.Text.Encoding.UTF8.GetString(key));
            }

            return;
        }

        var error = VideoMetadataParser.TryParse(value, out var video);
        if (error != VideoMetadataError.None || video is null)
        {
            Malformed++;
            _logger.LogWarning("Skipping unreadable video metadata at {Position}: {Error}", result.TopicPartitionOffset, error);
            return;
        }

        _videos.Upsert(video);
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
