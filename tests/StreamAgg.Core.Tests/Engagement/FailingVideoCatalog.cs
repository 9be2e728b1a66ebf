using StreamAgg.Core.Engagement;
using StreamAgg.Core.Tests.Scenarios;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>
/// A catalog whose look-ups of one video throw while <see cref="FailingVideoId"/> names it: a
/// metadata source with a defect, the honest way to make an event's application fail.
/// </summary>
internal sealed class FailingVideoCatalog : IVideoCatalog
{
    private readonly DictionaryVideoCatalog _inner = new();

    public string? FailingVideoId { get; set; }

    public bool TryGetVideo(string videoId, out string? title, out double? duration)
    {
        if (videoId == FailingVideoId)
        {
            throw new InvalidOperationException($"metadata of {videoId} unreadable");
        }

        return _inner.TryGetVideo(videoId, out title, out duration);
    }
}
