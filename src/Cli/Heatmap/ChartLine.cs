namespace StreamAgg.Cli.Heatmap;

/// <summary>A straight line, <paramref name="Width"/> pixels wide.</summary>
internal sealed record ChartLine(double X1, double Y1, double X2, double Y2, ChartColor Stroke, double Width = 1);
