using System.Text;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>A terminal chart of unique viewers along a video: one line per stretch of seconds.</summary>
internal static class TextHeatmap
{
    public static string Render(IReadOnlyList<HeatmapSecond> seconds, int lines = 16, int width = 50)
    {
        if (seconds.Count == 0)
        {
            return "  (no final credits yet: sessions still open)\n";
        }

        var viewersAt = seconds.ToDictionary(s => s.Second, s => s.Viewers);
        var last = seconds.Max(s => s.Second);
        var step = Math.Max(1, (last + lines) / lines);
        var peak = seconds.Max(s => s.Viewers);
        var text = new StringBuilder();
        for (var start = 0; start <= last; start += step)
        {
            // The most viewers any second of the stretch had.
            long viewers = 0;
            for (var s = start; s < start + step && s <= last; s++)
            {
                viewers = Math.Max(viewers, viewersAt.GetValueOrDefault(s));
            }

            var bar = peak == 0 ? 0 : (int)Math.Round(width * (double)viewers / peak);
            text.Append($"  {Clock(start),6}–{Clock(Math.Min(start + step, last + 1)),-6} {new string('█', bar)}{new string('·', width - bar)} {viewers,6:N0}\n");
        }

        return text.ToString();
    }

    private static string Clock(int seconds) => $"{seconds / 60}:{seconds % 60:D2}";
}
