using StreamAgg.Core.Engagement;

namespace StreamAgg.Core.Videos;

/// <summary>
/// Video metadata by id, as the batch command reads it from a file and the processor from the
/// compacted <c>video-metadata</c> topic: the latest value per video wins.
/// </summary>
public sealed class VideoCatalog : IVideoCatalog
{
    private readonly Dictionary<string, VideoMetadata> _videos = new(StringComparer.Ordinal);

    /// <summary>Videos known.</summary>
    public int Count => _videos.Count;

    /// <summary>Adds or replaces a video's metadata.</summary>
    public void Upsert(VideoMetadata video) => _videos[video.VideoId] = video;

    /// <summary>Forgets a video (a tombstone on the topic).</summary>
    public bool Remove(string videoId) => _videos.Remove(videoId);

    /// <inheritdoc/>
    public bool TryGetVideo(string videoId, out string? title, out double? duration)
    {
        if (_videos.TryGetValue(videoId, out var video))
        {
            title = video.Title;
            duration = video.Duration;
            return true;
        }

        title = null;
        duration = null;
        return false;
    }
}
