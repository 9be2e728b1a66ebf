using System.Text.Json;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Turns the heatmap analysis' <see cref="HeatmapInsights"/> into the API's shape: percentages rounded to 0.01, enum names in camelCase.</summary>
internal static class VideoInsightsMapping
{
    public static VideoInsights From(HeatmapInsights insights, HeatmapMomentOptions momentOptions, HeatmapComparisonOptions comparisonOptions)
    {
        var k = insights.Moments;
        var moments = new List<VideoMoment>();
        if (k.IntroDrop is { } intro)
            moments.Add(Moment(intro));
        moments.AddRange(k.Moments.Select(Moment));
        var keyMoments = new VideoKeyMoments(k.StartViewers, momentOptions.MinStartViewers, momentOptions.IntroSeconds, k.Enough ? null : "notEnoughViewers", moments);

        var r = insights.Retention;
        VideoTypicalCurve? curve = null;
        if (r.Points.Count > 0)
        {
            curve = new VideoTypicalCurve(
                [.. r.Points.Select(p => p.Position)],
                [.. r.Points.Select(p => p.Second)],
                [.. r.Points.Select(p => Percent(p.Share))],
                [.. r.Points.Select(p => Percent(p.Typical.Median))],
                [.. r.Points.Select(p => Percent(p.Typical.Lower))],
                [.. r.Points.Select(p => Percent(p.Typical.Upper))]);
        }
        var typical = new VideoTypicalRetention(
            Name(r.Verdict.ToString()),
            r.LengthSeconds,
            r.Bucket.Label,
            r.SimilarVideos,
            r.MinVideos,
            comparisonOptions.MinStartViewers,
            r.AverageDifference is { } d ? Percent(d) : null,
            curve);
        return new VideoInsights(keyMoments, typical);
    }

    private static VideoMoment Moment(HeatmapMoment m) =>
        new(Name(m.Kind.ToString()), m.Second, m.FromSecond, m.ToSecond, m.Size, Percent(m.Share), m.Viewers);

    private static double Percent(double share) => Math.Round(100 * share, 2);

    private static string Name(string enumName) => JsonNamingPolicy.CamelCase.ConvertName(enumName);
}
