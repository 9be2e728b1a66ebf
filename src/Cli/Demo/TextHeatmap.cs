using System.Text;
using StreamAgg.Hll;

namespace StreamAgg.Cli.Demo;

/// <summary>A terminal chart of viewers along a video: one line per stretch of seconds.</summary>
internal static class TextHeatmap
{
    public static string Render(SortedDictionary<int, (HllSketch Viewers, long Plays)> seconds, int lines = 16, int width = 50)
    {
        if (seconds.Count == 0)
        {
            return "  (no credited seconds yet)\n";
        }

        var last = seconds.Keys.Max();
        var step = Math.Max(1, (last + lines) / lines);
        var text = new StringBuilder();
        var peak = seconds.Values.Max(s => s.Viewers.Cardinality());
        for (var start = 0; start <= last; start += step)
        {
            // The viewers at the first second of the stretch that anyone watched.
            var viewers = 0.0;
            for (var s = start; s < start + step && s <= last; s++)
            {
                if (seconds.TryGetValue(s, out var cell))
                {
                    viewers = Math.Max(viewers, cell.Viewers.Cardinality());
                }
            }

            var bar = peak == 0 ? 0 : (int)Math.Round(width * viewers / peak);
            text.Append($"  {Clock(start),6}–{Clock(Math.Min(start + step, last + 1)),-6} {new string('█', bar)}{new string('·', width - bar)} {Math.Round(viewers),6:N0}\n");
        }

        return text.ToString();
    }

    private static string Clock(int seconds) => $"{seconds / 60}:{seconds % 60:D2}";
}
