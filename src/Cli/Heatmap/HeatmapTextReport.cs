using System.Globalization;
using System.Text;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// The terminal form of a heatmap: viewers and plays per stretch of seconds as a bar chart with
/// the retention at the stretch's start, then the largest drop-offs as a table.
/// </summary>
internal static class HeatmapTextReport
{
    private const int BarWidth = 40;

    public static string Render(string videoId, DateOnly from, DateOnly to, IReadOnlyList<HeatmapSecond> seconds, IReadOnlyList<HeatmapDropoff> dropoffs, int lines = 20)
    {
        var text = new StringBuilder();
        text.Append(Invariant($"Heatmap of {videoId}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd} (UTC days)\n"));
        if (seconds.Count == 0)
        {
            text.Append("  no viewers in this range\n");
            return text.ToString();
        }

        var bySecond = seconds.ToDictionary(s => s.Second);
        var end = seconds[^1].Second + 1;
        var step = Math.Max(1, (end + lines - 1) / lines);
        var peak = Math.Max(1, seconds.Max(s => s.Viewers));
        var start = (double)seconds[0].Viewers;
        text.Append(Invariant($"  {"seconds",-13} {"viewers (first second of the stretch)",-BarWidth} {"viewers",9} {"plays",9} {"retention",9}\n"));
        for (var from0 = 0; from0 < end; from0 += step)
        {
            var first = bySecond.GetValueOrDefault(from0);
            var plays = Enumerable.Range(from0, Math.Min(step, end - from0)).Sum(s => bySecond.GetValueOrDefault(s).Plays);
            var bar = (int)Math.Round(BarWidth * first.Viewers / (double)peak);
            var retention = start == 0 ? "" : Invariant($"{100 * first.Viewers / start:F1} %");
            var label = $"{HeatmapChart.Clock(from0)}–{HeatmapChart.Clock(Math.Min(from0 + step, end))}";
            text.Append(Invariant($"  {label,-13} {new string('█', bar)}{new string('·', BarWidth - bar)} {first.Viewers,9:N0} {plays,9:N0} {retention,9}\n"));
        }
        text.Append(Invariant($"  (plays summed over each stretch; peak {peak:N0} viewers; {seconds.Count:N0} seconds watched, up to {HeatmapChart.Clock(end)})\n"));

        text.Append('\n');
        if (dropoffs.Count == 0)
        {
            text.Append("No drop-offs: the audience never shrinks from one second to the next.\n");
            return text.ToString();
        }
        text.Append("Largest drop-offs (viewers lost between two seconds):\n");
        text.Append(Invariant($"  {"#",2} {"from",6} {"to",6} {"before",9} {"after",9} {"lost",9} {"of start",9}\n"));
        for (var i = 0; i < dropoffs.Count; i++)
        {
            var d = dropoffs[i];
            text.Append(Invariant($"  {i + 1,2} {HeatmapChart.Clock(d.FromSecond),6} {HeatmapChart.Clock(d.ToSecond),6} {d.ViewersBefore,9:N0} {d.ViewersAfter,9:N0} {d.Lost,9:N0} {100 * d.ShareOfStart,7:F1} %\n"));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
