using StreamAgg.Core.Engagement;
using StreamAgg.Core.Videos;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>A video catalog over a dictionary, as the batch command would build from videos.ndjson.</summary>
internal sealed class DictionaryVideoCatalog : IVideoCatalog
{
    private readonly Dictionary<string, VideoMetadata> _videos = new(StringComparer.Ordinal);

    public void Add(VideoMetadata video) => _videos[video.VideoId] = video;

    public bool TryGetVideo(string videoId, out string? title, out double? duration)
    {
        if (_videos.TryGetValue(videoId, out VideoMetadata? video))
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
