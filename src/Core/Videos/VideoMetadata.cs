namespace StreamAgg.Core.Videos;

/// <summary>
/// What is known about a video (SEMANTICS.md §1, topic <c>video-metadata</c> or a videos NDJSON
/// file). Metadata wins over the <c>videoTitle</c>/<c>videoDuration</c> fields of events.
/// </summary>
/// <param name="VideoId">The video; never empty.</param>
/// <param name="Title">The title, or null when not given.</param>
/// <param name="Duration">The duration in seconds (finite, &gt; 0), or null when not given.</param>
public sealed record VideoMetadata(string VideoId, string? Title, double? Duration);
