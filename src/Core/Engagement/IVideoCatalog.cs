namespace StreamAgg.Core.Engagement;

/// <summary>
/// Video metadata as known now (SEMANTICS.md §1: metadata wins over event fields). The batch
/// command fills it from the videos file, the streaming processor from the compacted
/// <c>video-metadata</c> topic; the core only reads it.
/// </summary>
public interface IVideoCatalog
{
    /// <summary>
    /// Looks a video up. Returns false when nothing is known; <paramref name="duration"/> is
    /// null when the metadata carries no usable duration.
    /// </summary>
    bool TryGetVideo(string videoId, out string? title, out double? duration);
}
