using System.Globalization;

namespace StreamAgg.Cli.Heatmap;

/// <summary>An opaque RGB colour.</summary>
internal readonly record struct ChartColor(byte R, byte G, byte B)
{
    public static readonly ChartColor White = new(255, 255, 255);
    public static readonly ChartColor Ink = new(40, 40, 48);
    public static readonly ChartColor Grid = new(225, 228, 235);
    public static readonly ChartColor Viewers = new(66, 133, 244);
    public static readonly ChartColor Plays = new(251, 140, 0);
    public static readonly ChartColor Dropoff = new(220, 53, 69);
    public static readonly ChartColor Moment = new(0, 121, 107);

    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");
}
