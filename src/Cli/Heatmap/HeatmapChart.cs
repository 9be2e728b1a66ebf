using System.Globalization;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// Lays out the chart an editor reads: viewers per second as bars (left axis), plays as a line
/// (right axis), the largest drop-offs marked where the viewers are lost, the key moments marked
/// above the plot (a letter each: I intro drop, D dip, R rewatch, J jump-in), minutes:seconds below.
/// </summary>
internal static class HeatmapChart
{
    private const int Width = 1000;
    private const int Height = 440;
    private const double Left = 70;
    private const double Right = Width - 70;
    private const double Top = 76;
    private const double Bottom = Height - 50;
    private const double MarkedShare = 0.01;

    public static ChartScene Build(string videoId, DateOnly from, DateOnly to, IReadOnlyList<HeatmapSecond> seconds, IReadOnlyList<HeatmapDropoff> dropoffs, HeatmapKeyMoments? moments = null)
    {
        var scene = new ChartScene(Width, Height);
        scene.Add(new ChartRect(0, 0, Width, Height, ChartColor.White));
        scene.Add(new ChartText(Left, 22, $"Viewers per second: {videoId}", ChartColor.Ink, Large: true));
        scene.Add(new ChartText(Left, 44, string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}"), ChartColor.Ink));
        Legend(scene);
        if (seconds.Count == 0)
        {
            scene.Add(new ChartText(Width / 2.0, (Top + Bottom) / 2, "No viewers in this range", ChartColor.Ink, TextAnchor.Middle, Large: true));
            return scene;
        }

        var end = seconds[^1].Second + 1;
        var viewersMax = NiceCeiling(seconds.Max(s => s.Viewers));
        var playsMax = NiceCeiling(seconds.Max(s => s.Plays));
        double X(double second) => Left + (Right - Left) * second / end;
        double YViewers(double v) => Bottom - (Bottom - Top) * v / viewersMax;
        double YPlays(double p) => Bottom - (Bottom - Top) * p / playsMax;

        for (var i = 0; i <= 4; i++)
        {
            var y = Bottom - (Bottom - Top) * i / 4;
            scene.Add(new ChartLine(Left, y, Right, y, ChartColor.Grid));
            scene.Add(new ChartText(Left - 6, y, Count(viewersMax * i / 4), ChartColor.Viewers, TextAnchor.End));
            scene.Add(new ChartText(Right + 6, y, Count(playsMax * i / 4), ChartColor.Plays));
        }

        foreach (var s in seconds)
            scene.Add(new ChartRect(X(s.Second), YViewers(s.Viewers), X(s.Second + 1) - X(s.Second), Bottom - YViewers(s.Viewers), ChartColor.Viewers));

        for (var i = 1; i < seconds.Count; i++)
        {
            var (a, b) = (seconds[i - 1], seconds[i]);
            scene.Add(new ChartLine(X(a.Second + 0.5), YPlays(a.Plays), X(b.Second + 0.5), YPlays(b.Plays), ChartColor.Plays, 2));
        }

        scene.Add(new ChartLine(Left, Bottom, Right, Bottom, ChartColor.Ink));
        var step = TickStep(end);
        for (var t = 0; t <= end; t += step)
        {
            scene.Add(new ChartLine(X(t), Bottom, X(t), Bottom + 5, ChartColor.Ink));
            scene.Add(new ChartText(X(t), Bottom + 16, Clock(t), ChartColor.Ink, TextAnchor.Middle));
        }

        // Only drop-offs an editor can see (≥ 1 % of the start): the rest is sketch noise on a chart.
        for (var i = 0; i < dropoffs.Count; i++)
        {
            if (dropoffs[i].ShareOfStart < MarkedShare)
                continue;
            var x = X(dropoffs[i].ToSecond);
            scene.Add(new ChartLine(x, Top, x, Bottom, ChartColor.Dropoff, 2));
            scene.Add(new ChartText(x + 4, Top + 10 + i % 2 * 14, string.Create(CultureInfo.InvariantCulture, $"#{i + 1} -{100 * dropoffs[i].ShareOfStart:F0}%"), ChartColor.Dropoff));
        }

        var momentsMarked = Moments(scene, moments, X);
        var caption = momentsMarked
            ? "Second of video (m:ss). Red: largest drop-offs. Above: I intro drop, D dip, R rewatch, J jump-in"
            : "Second of video (m:ss). Red: largest drop-offs, share of the start lost";
        scene.Add(new ChartText(Width / 2.0, Height - 12, caption, ChartColor.Ink, TextAnchor.Middle));
        return scene;
    }

    /// <summary>A tick and a letter above the plot at each key moment; false when there are none to mark.</summary>
    private static bool Moments(ChartScene scene, HeatmapKeyMoments? moments, Func<double, double> x)
    {
        if (moments is not { Enough: true })
            return false;
        var marked = moments.IntroDrop is { } intro ? [intro, .. moments.Moments] : moments.Moments;
        foreach (var m in marked)
        {
            var at = x(m.Second);
            scene.Add(new ChartLine(at, Top - 8, at, Top, ChartColor.Moment, 2));
            scene.Add(new ChartText(at, Top - 14, Letter(m.Kind), ChartColor.Moment, TextAnchor.Middle));
        }
        return marked.Count > 0;
    }

    private static string Letter(HeatmapMomentKind kind) => kind switch
    {
        HeatmapMomentKind.IntroDrop => "I",
        HeatmapMomentKind.Dip => "D",
        HeatmapMomentKind.Rewatch => "R",
        _ => "J",
    };

    public static string Clock(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:D2}");

    private static void Legend(ChartScene scene)
    {
        scene.Add(new ChartRect(Right - 190, 16, 12, 12, ChartColor.Viewers));
        scene.Add(new ChartText(Right - 172, 22, "Viewers", ChartColor.Ink));
        scene.Add(new ChartRect(Right - 90, 21, 12, 3, ChartColor.Plays));
        scene.Add(new ChartText(Right - 72, 22, "Plays", ChartColor.Ink));
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // 1, 2 or 5 times a power of ten, at least the value (and at least 1).
    private static long NiceCeiling(long value)
    {
        long unit = 1;
        while (true)
        {
            foreach (var factor in new[] { 1, 2, 5 })
            {
                if (unit * factor >= value)
                    return unit * factor;
            }
            unit *= 10;
        }
    }

    private static int TickStep(int end)
    {
        foreach (var step in new[] { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600 })
        {
            if (end / step <= 12)
                return step;
        }
        return Math.Max(3600, end / 12);
    }
}
