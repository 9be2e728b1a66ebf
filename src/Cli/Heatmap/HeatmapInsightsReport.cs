using System.Globalization;
using System.Text;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>The terminal form of <see cref="HeatmapInsights"/>: the key moments, then the retention beside the typical curve.</summary>
internal static class HeatmapInsightsReport
{
    private static readonly int[] Positions = [10, 25, 50, 75, 90, 100];

    public static string Render(HeatmapInsights insights, HeatmapMomentOptions moments, HeatmapComparisonOptions comparison)
    {
        var text = new StringBuilder();
        Moments(text, insights.Moments, moments);
        text.Append('\n');
        Retention(text, insights.Retention, comparison);
        return text.ToString();
    }

    private static void Moments(StringBuilder text, HeatmapKeyMoments found, HeatmapMomentOptions options)
    {
        if (!found.Enough)
        {
            text.Append(Invariant($"Key moments: too few viewers at the start ({found.StartViewers:N0}; {options.MinStartViewers:N0} needed) to tell moments from noise.\n"));
            return;
        }
        text.Append(Invariant($"Key moments ({found.StartViewers:N0} viewers at the start; shares are of them):\n"));
        if (found.IntroDrop is { } intro)
            text.Append(Invariant($"  {"intro drop",-11} {HeatmapChart.Clock(intro.Second),6}  {100 * intro.Share,5:F1} % gone by {HeatmapChart.Clock(intro.ToSecond)} ({intro.Size:N0} viewers), fastest at {HeatmapChart.Clock(intro.Second)}\n"));
        foreach (var m in found.Moments)
        {
            var what = m.Kind switch
            {
                HeatmapMomentKind.Dip => Invariant($"leave here beyond the usual ({m.Size:N0} viewers)"),
                HeatmapMomentKind.JumpIn => Invariant($"arrive here mid-video ({m.Size:N0} viewers)"),
                _ => Invariant($"watch {HeatmapChart.Clock(m.FromSecond)}–{HeatmapChart.Clock(m.ToSecond + 1)} again ({m.Size:N0} extra plays at {HeatmapChart.Clock(m.Second)})"),
            };
            text.Append(Invariant($"  {Name(m.Kind),-11} {HeatmapChart.Clock(m.Second),6}  {100 * m.Share,5:F1} % {what}\n"));
        }
        if (found.Moments.Count == 0)
            text.Append("  no dips, rewatches or jump-ins stand out from the seconds around them\n");
    }

    private static void Retention(StringBuilder text, HeatmapRelativeRetention retention, HeatmapComparisonOptions options)
    {
        var heading = Invariant($"Compared with videos of similar length ({retention.Bucket.Label}; this one {HeatmapChart.Clock(retention.LengthSeconds)}; their {options.Window} windows)");
        switch (retention.Verdict)
        {
            case HeatmapRelativeVerdict.NotEnoughViewers:
                text.Append(Invariant($"{heading}: this video has too few viewers at the start ({options.MinStartViewers:N0} needed).\n"));
                return;
            case HeatmapRelativeVerdict.NotEnoughVideos:
                text.Append(Invariant($"{heading}: not enough similar videos to say what is typical ({retention.SimilarVideos} with {options.MinStartViewers:N0}+ viewers at the start; {retention.MinVideos} needed).\n"));
                return;
        }
        var verdict = retention.Verdict switch
        {
            HeatmapRelativeVerdict.AboveTypical => "above typical",
            HeatmapRelativeVerdict.BelowTypical => "below typical",
            _ => "typical",
        };
        text.Append(Invariant($"{heading}, {retention.SimilarVideos} videos:\n"));
        text.Append(Invariant($"  {verdict}: on average {100 * retention.AverageDifference,5:+0.0;-0.0} points of the start against the typical (median) curve\n"));
        text.Append(Invariant($"  {"position",-18}"));
        foreach (var p in Positions)
            text.Append(Invariant($" {p + " %",7}"));
        text.Append(Invariant($"\n  {"this video",-18}"));
        foreach (var p in Positions)
            text.Append(Invariant($" {100 * retention.Points[p].Share,5:F1} %"));
        text.Append(Invariant($"\n  {"typical (median)",-18}"));
        foreach (var p in Positions)
            text.Append(Invariant($" {100 * retention.Points[p].Typical.Median,5:F1} %"));
        text.Append(Invariant($"\n  {"typical band",-18}"));
        foreach (var p in Positions)
            text.Append(Invariant($" {100 * retention.Points[p].Typical.Lower,3:F0}–{100 * retention.Points[p].Typical.Upper,-3:F0}"));
        text.Append("\n  (retention: viewers at that point of the video as a share of those at the start; band: the middle half of the similar videos)\n");
    }

    /// <summary>The moment's name as the report and the chart legend spell it.</summary>
    public static string Name(HeatmapMomentKind kind) => kind switch
    {
        HeatmapMomentKind.IntroDrop => "intro drop",
        HeatmapMomentKind.Dip => "dip",
        HeatmapMomentKind.Rewatch => "rewatch",
        _ => "jump-in",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
