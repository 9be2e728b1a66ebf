namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// What an editor compares on the video page (docs/heatmap.md, "What editors compare"): the key
/// moments of the heatmap and the retention beside the typical curve of videos of similar length.
/// </summary>
internal sealed record VideoInsights(VideoKeyMoments KeyMoments, VideoTypicalRetention TypicalRetention);
