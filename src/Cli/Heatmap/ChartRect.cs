namespace StreamAgg.Cli.Heatmap;

/// <summary>A filled rectangle, in pixels from the top-left corner.</summary>
internal sealed record ChartRect(double X, double Y, double Width, double Height, ChartColor Fill);
