using System.Globalization;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>The line that says which path answered a heatmap query, and how old a window's numbers are.</summary>
internal static class HeatmapAnswerLine
{
    public static string Render(HeatmapAnswer answer) => answer.Source switch
    {
        HeatmapAnswerSource.Window when answer.Current => string.Create(CultureInfo.InvariantCulture,
            $"answered from the precomputed window {answer.Window} (refreshed {Ago(answer.Age)}; no deltas stored since)\n"),
        HeatmapAnswerSource.Window => string.Create(CultureInfo.InvariantCulture,
            $"answered from the precomputed window {answer.Window} (refreshed {Ago(answer.Age)}; deltas stored since then are not in it yet)\n"),
        HeatmapAnswerSource.Rollups when answer.Current =>
            "answered from the rollups (heatmap_rollup blocks + the daily rows of days changed since: what is stored now)\n",
        HeatmapAnswerSource.Rollups => string.Create(CultureInfo.InvariantCulture,
            $"answered from the rollups (a day's block built {Ago(answer.Age)}; deltas stored since then are not in it yet)\n"),
        _ => "answered from the sketches (heatmap_daily + heatmap_monthly: exact for what is stored now)\n",
    };

    private static string Ago(TimeSpan? age)
    {
        var seconds = Math.Max(0, (long)(age ?? TimeSpan.Zero).TotalSeconds);
        return seconds switch
        {
            < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s ago"),
            < 7_200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min ago"),
            < 172_800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h ago"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400} days ago"),
        };
    }
}
